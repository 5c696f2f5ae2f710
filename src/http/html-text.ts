/**
 * Content text as HTML for the bot's own web pages. Our texts are escaped like anyone's: a content
 * editor's "<" must stay a "<", and nothing in a YAML file may become markup the page did not intend.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** **bold**, _italics_ or *italics*, `a command`, and [links](https://…, tel:…, mailto:…): the subset the content uses. */
export function inlineMarkdownToHtml(text: string): string {
  return escapeHtml(text)
    .replace(/`([^`]+)`/g, "<code>$1</code>")
    .replace(/\*\*(.+?)\*\*/g, "<strong>$1</strong>")
    .replace(/(^|[\s(])[_*](\S(?:.*?\S)?)[_*](?=[\s.,;:!?)]|$)/g, "$1<em>$2</em>")
    .replace(/\[([^\]]+)\]\(((?:https:|mailto:|tel:)[^)\s]+)\)/g, '<a href="$2">$1</a>');
}

/** Paragraphs, "- " lists and "1. " lists, separated by blank lines, with the inline subset inside. */
export function markdownToHtml(markdown: string): string {
  return markdown
    .split(/\n\s*\n/)
    .map((block) => block.trim())
    .filter(Boolean)
    .map((block) => {
      const lines = block.split("\n");
      const list = listItems(lines);
      if (list)
        return `<${list.tag}>${list.items.map((item) => `<li>${inlineMarkdownToHtml(item)}</li>`).join("")}</${list.tag}>`;
      return `<p>${inlineMarkdownToHtml(joinLines(lines))}</p>`;
    })
    .join("\n");
}

const listMarkers = [
  { tag: "ul", marker: /^\s*-\s+/ },
  { tag: "ol", marker: /^\s*\d+\.\s+/ },
] as const;

/** A block whose first line starts a list item; a line without the marker goes on the item above it. */
function listItems(lines: string[]): { tag: "ul" | "ol"; items: string[] } | undefined {
  const list = listMarkers.find(({ marker }) => marker.test(lines[0]));
  if (!list) return undefined;
  const items: string[][] = [];
  for (const line of lines) {
    if (list.marker.test(line)) items.push([line.replace(list.marker, "")]);
    else items[items.length - 1].push(line);
  }
  return { tag: list.tag, items: items.map(joinLines) };
}

const joinLines = (lines: string[]) => lines.map((line) => line.trim()).join(" ");
