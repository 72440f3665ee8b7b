// Vite's `?url` imports (the pdf.js worker is served as a hashed asset of our own origin).
declare module '*?url' {
  const url: string;
  export default url;
}
