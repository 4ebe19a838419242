// The client capabilities the extension changes before `initialize`.
// Pure logic, shared with the protocol test so it sends what the extension sends.

/** Just enough of ClientCapabilities for what is changed here. */
export interface CapabilitiesLike {
  textDocument?: { diagnostic?: unknown };
}

/**
 * Withdraw the offer of pull diagnostics, so the server pushes them. The
 * server re-checks open files itself when settings change and pushes the
 * result at once; a pulling client would keep showing the old findings until
 * the next edit, since the server does not yet ask pulling clients to
 * refresh (workspace/diagnostic/refresh).
 */
export function pushDiagnosticsOnly<T extends CapabilitiesLike>(capabilities: T): T {
  if (capabilities.textDocument) {
    delete capabilities.textDocument.diagnostic;
  }
  return capabilities;
}
