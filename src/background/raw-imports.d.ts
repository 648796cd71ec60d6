/** Vite's `?raw` imports: the file's exact text (the bundled feed documents are imported this way). */
declare module '*?raw' {
  const text: string;
  export default text;
}
