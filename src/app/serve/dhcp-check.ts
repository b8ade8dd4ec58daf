// Before `bootgen serve` runs a full DHCP server it asks the segment whether one answers
// already: two servers would race for every machine, and the other one's offer carries no boot
// options of ours. In proxy mode the site's own DHCP server is expected, so nothing is asked.
import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { Network } from '../../model/types.js';
import { macText } from '../../model/mac.js';
import { describeOffer, discoverPacket, offersTo, probeIdentity } from '../../net/dhcp-discover.js';
import type { DhcpProbePort } from '../server-ports.js';

/**
 * Servers ping an address before they offer it to a new client, and wait for no answer: dnsmasq
 * 3 s (PING_WAIT; measured: its offer came 3.0 s after the DISCOVER), ISC dhcpd 1 s. A shorter
 * wait would miss the commonest router DHCP server.
 */
export const DHCP_PROBE_MS = 4000;
const RESEND_MS = 1000;

export async function checkNoOtherDhcp(siteName: string, net: Network, from: string, probe: DhcpProbePort, listenMs = DHCP_PROBE_MS): Promise<Diagnostic[]> {
  if (net.dhcp.mode !== 'full') return [];
  const id = probeIdentity(siteName);
  let replies;
  try {
    replies = await probe.probe({ from, datagram: discoverPacket(id), listenMs, resendMs: RESEND_MS });
  } catch (e) {
    return [diag('env/dhcp-probe-failed', 'warning', `could not ask ${net.iface} for another DHCP server: ${e instanceof Error ? e.message : String(e)}`, {
      hint: 'a DHCP client holding port 68 (dhclient) stops the probe; make sure no other DHCP server serves this segment',
      origin: net.origin,
    })];
  }
  const offers = offersTo(id, replies);
  if (offers.length === 0) return [];
  return [diag('env/dhcp-server-present', 'error', `another DHCP server answers on ${net.iface}: ${offers.map(describeOffer).join('; ')}`, {
    expected: `no DHCP server on ${net.iface} but bootgen's (network.dhcp.mode: full)`,
    found: `an offer to the probe ${macText(id.mac)} from ${offers.map((o) => o.server).join(', ')}`,
    hint: 'keep that server and set `dhcp: {mode: proxy}` (bootgen then only adds the boot offer), or stop the other server',
    origin: net.origin,
  })];
}
