/**
 * The page's CSP nonce (server/src/platform/security-headers.ts): the server writes a fresh one into
 * `<meta property="csp-nonce">` on every page view. antd needs it for the <style> elements it writes at run time.
 * Browsers hide the attribute from getAttribute once parsed, so read the property.
 */
export function cspNonce(): string | undefined {
  const nonce = document.querySelector<HTMLMetaElement>('meta[property="csp-nonce"]')?.nonce;
  return nonce && !nonce.startsWith('__GZ_') ? nonce : undefined;
}

/**
 * One library path ignores ConfigProvider's nonce: @rc-component/util measures the scrollbar (antd Table, the
 * scroll lock of Modal and Drawer) by appending a <style> to <head> without it, and the CSP blocks that. So a
 * <style> element that script appends to <head> gets the page's nonce. Style elements in parsed markup (an
 * injected `<style>` in HTML) do not pass through here and stay blocked; and any script that could call this
 * already runs as this origin (script-src 'self'), so nothing is opened that was not already open.
 */
export function adoptStyleNonce(nonce: string | undefined): void {
  if (!nonce) return;
  const stamp = (node: Node) => {
    if (node instanceof HTMLStyleElement && !node.nonce) node.nonce = nonce;
  };
  const head = HTMLHeadElement.prototype;
  const append = head.appendChild;
  const insert = head.insertBefore;
  head.appendChild = function <T extends Node>(this: HTMLHeadElement, node: T): T {
    stamp(node);
    return append.call(this, node) as T;
  };
  head.insertBefore = function <T extends Node>(this: HTMLHeadElement, node: T, child: Node | null): T {
    stamp(node);
    return insert.call(this, node, child) as T;
  };
}
