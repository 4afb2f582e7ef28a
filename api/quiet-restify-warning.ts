/**
 * restify 11 reads process.binding('http_parser') on Node 20 and Node prints DEP0111 for it when restify is
 * loaded. The fix (restify 12) needs Node 22, so this drops that one warning code; every other warning still prints.
 * Import this before 'restify'.
 */
const previous = process.listeners('warning');
if (!previous.some((l) => (l as { quietsRestify?: boolean }).quietsRestify)) {
  process.removeAllListeners('warning');
  const filter = Object.assign(
    (warning: Error & { code?: string }) => {
      if (warning.code === 'DEP0111') return;
      for (const l of previous) l(warning);
    },
    { quietsRestify: true },
  );
  process.on('warning', filter);
}
export {};
