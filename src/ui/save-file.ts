/**
 * Saves text as a file from an extension page without the `downloads` permission: a Blob URL and an
 * <a download> click, which both browsers allow for extension pages. The Blob never leaves the browser.
 */
export function saveTextFile(name: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Give the browser time to start the download before the URL is revoked.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
