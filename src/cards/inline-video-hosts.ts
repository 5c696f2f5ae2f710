/**
 * Hosts whose videos the Teams Adaptive Card `Media` element plays inside the card
 * (learn.microsoft.com: "Media elements in Adaptive Cards"). A film elsewhere gets a link instead.
 */
const inlineHosts = [
  /(^|\.)youtube\.com$/,
  /^youtu\.be$/,
  /(^|\.)vimeo\.com$/,
  /(^|\.)dailymotion\.com$/,
  /^dai\.ly$/,
  /(^|\.)sharepoint\.com$/,
  /^onedrive\.live\.com$/,
  /^1drv\.ms$/,
];

export function playsInsideTeamsCard(url: string): boolean {
  const host = URL.canParse(url) ? new URL(url).hostname.toLowerCase() : "";
  return inlineHosts.some((pattern) => pattern.test(host));
}
