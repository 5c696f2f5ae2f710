import path from "node:path";
import { renderIcons } from "./icons";

/** `npx tsx scripts/app-package/render-icons.ts`: re-renders appPackage/color.png and outline.png from icons-src/. */
const appPackageDir = path.resolve(__dirname, "../../appPackage");
renderIcons(appPackageDir);
process.stdout.write(`Rendered color.png and outline.png in ${path.relative(process.cwd(), appPackageDir) || "."}\n`);
