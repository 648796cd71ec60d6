// `npx tsx tests/shop/cli.ts [httpsPort] [proxyPort]`: runs the replica for manual browsing and
// demos, printing how to point Chromium and Firefox at it. Ctrl+C stops it.
import { SHOP_ORIGIN } from './config.ts';
import { chromiumHostArgs, startShop } from './index.ts';

const [httpsArg, proxyArg] = process.argv.slice(2);
const shop = await startShop({ httpsPort: Number(httpsArg ?? 0), proxyPort: Number(proxyArg ?? 0) });
const flags = chromiumHostArgs(shop);

console.log(`Replica shop for ${SHOP_ORIGIN}
  TLS + HTTP port: 127.0.0.1:${shop.httpsPort}
  proxy port:      127.0.0.1:${shop.proxyPort}  (Firefox: manual proxy, HTTP and HTTPS → 127.0.0.1:${shop.proxyPort})
  hosts:           ${shop.hosts.join(', ')}

Chromium:
  chromium --user-data-dir=$(mktemp -d) ${flags.map((flag) => `'${flag}'`).join(' ')} ${SHOP_ORIGIN}/kz/
`);

process.on('SIGINT', () => {
  void shop.close().then(() => process.exit(0));
});
