/**
 * Finds user-visible text written straight into UI code instead of going through i18n: JSX text,
 * text-bearing JSX attributes (aria-label, title, placeholder, alt…), and DOM writes in plain TS
 * (`el.textContent = '…'`, `setAttribute('aria-label', '…')`). Uses the TypeScript parser, so
 * comments, imports and class names never count — only what a person would read.
 */
import ts from 'typescript';

/** Attributes a person reads or a screen reader speaks. */
const TEXT_ATTRIBUTES = new Set([
  'aria-label',
  'aria-description',
  'aria-roledescription',
  'aria-valuetext',
  'title',
  'placeholder',
  'alt',
  'label',
]);
const TEXT_PROPERTIES = new Set(['textContent', 'innerText', 'title', 'placeholder', 'alt', 'ariaLabel', 'value']);
/** The product's name is the same in every language; punctuation and symbols are not words. */
const ALLOWED = new Set(['Saq']);

function isWords(text: string): boolean {
  const trimmed = text.trim();
  return /\p{L}/u.test(trimmed) && !ALLOWED.has(trimmed);
}

export interface HardcodedText {
  line: number;
  text: string;
}

export function findHardcodedText(fileName: string, source: string): HardcodedText[] {
  const kind = fileName.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, kind);
  const found: HardcodedText[] = [];
  const add = (node: ts.Node, text: string): void => {
    found.push({ line: file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1, text: text.trim() });
  };
  const literalText = (node: ts.Node | undefined): string | null => {
    if (!node) return null;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
    if (ts.isJsxExpression(node)) return literalText(node.expression);
    if (ts.isTemplateExpression(node)) return node.head.text + node.templateSpans.map((span) => span.literal.text).join(' ');
    return null;
  };
  const visit = (node: ts.Node): void => {
    if (ts.isJsxText(node) && isWords(node.text)) add(node, node.text);
    if (ts.isJsxAttribute(node) && TEXT_ATTRIBUTES.has(node.name.getText(file))) {
      const text = literalText(node.initializer);
      if (text !== null && isWords(text)) add(node, text);
    }
    // {'Some text'} as a JSX child.
    if (ts.isJsxExpression(node) && node.parent && (ts.isJsxElement(node.parent) || ts.isJsxFragment(node.parent))) {
      const text = literalText(node.expression);
      if (text !== null && isWords(text)) add(node, text);
    }
    if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isPropertyAccessExpression(node.left) &&
      TEXT_PROPERTIES.has(node.left.name.text)
    ) {
      const text = literalText(node.right);
      if (text !== null && isWords(text)) add(node, text);
    }
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'setAttribute') {
      const [name, value] = node.arguments;
      const attribute = literalText(name);
      const text = literalText(value);
      if (attribute !== null && TEXT_ATTRIBUTES.has(attribute) && text !== null && isWords(text)) add(node, text);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}
