import { describe, expect, it } from "vitest";
import { splitSqlStatements } from "../../src/platform/storage/sql-statements";

describe("splitSqlStatements", () => {
  it("splits at top-level semicolons and trims", () => {
    expect(splitSqlStatements("CREATE TABLE a (x int);\n\n  CREATE INDEX i ON a (x);\n")).toEqual([
      "CREATE TABLE a (x int)",
      "CREATE INDEX i ON a (x)",
    ]);
  });

  it("keeps a last statement that has no semicolon", () => {
    expect(splitSqlStatements("SELECT 1; SELECT 2")).toEqual(["SELECT 1", "SELECT 2"]);
  });

  it("drops pieces that are only comments or whitespace", () => {
    expect(splitSqlStatements("-- CreateTable\nSELECT 1;\n-- trailing; comment\n/* block; */\n;")).toEqual([
      "-- CreateTable\nSELECT 1",
    ]);
  });

  it("does not split inside strings, quoted identifiers or comments", () => {
    const sql = [
      `INSERT INTO "we;ird" VALUES ('a;b', 'it''s; fine', E'esc\\'; still')`,
      `SELECT 1 /* outer /* nested; */ still; */ + 1`,
      `SELECT 2 -- not; here\n + 2`,
    ];
    expect(splitSqlStatements(sql.join(";\n") + ";")).toEqual(sql);
  });

  it("does not split inside dollar-quoted bodies, tagged or not", () => {
    const fn = `CREATE FUNCTION f() RETURNS trigger AS $body$ BEGIN NEW.x := 1; RETURN NEW; END; $body$ LANGUAGE plpgsql`;
    const anon = `DO $$ BEGIN PERFORM 1; END $$`;
    expect(splitSqlStatements(`${fn};\n${anon};`)).toEqual([fn, anon]);
  });

  it("treats $ inside an identifier as part of the name", () => {
    expect(splitSqlStatements(`SELECT a$b$ FROM t; SELECT 2`)).toEqual([`SELECT a$b$ FROM t`, "SELECT 2"]);
  });
});
