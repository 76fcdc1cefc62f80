// The README's provider list, rendered from the PROVIDERS table (a test keeps the README in step).

import { PROVIDERS } from '../router/providers.js';

export function providerTable(): string {
  const rows = PROVIDERS.map((row) => {
    const on =
      row.kind === 'cli'
        ? `\`${row.bin}\` found on \`PATH\`, or \`${row.binVar}\``
        : 'keyVar' in row
          ? `\`${row.keyVar}\``
          : `\`${row.baseUrlVar}\`, e.g. \`${row.baseUrlWhat.replace(/^.*e\.g\. /, '')}\``;
    const baseUrl = row.kind === 'http' && 'keyVar' in row ? `\`${row.baseUrlVar}\`` : '';
    return `| ${row.label} | ${row.client} | ${on} | ${baseUrl} |`;
  });
  return ['| provider | client | switched on by | base URL (optional) |', '|---|---|---|---|', ...rows].join(
    '\n',
  );
}
