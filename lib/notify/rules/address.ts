// Which addresses a webhook may reach: public unicast only, unless WEBHOOK_ALLOW_PRIVATE=1.
// ipaddr.js (maintained, used by Express's proxy-addr) knows every special-purpose range of both
// IP versions, including IPv4 inside IPv6 (::ffff:127.0.0.1), which hand-written prefix lists
// tend to miss.
import ipaddr from 'ipaddr.js'

/** Whether `address` (an IP literal) is a public unicast address; anything unreadable is not. */
export function isPublicAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '')
  if (!ipaddr.isValid(bare)) return false
  let ip = ipaddr.parse(bare)
  if (ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress()) ip = (ip as ipaddr.IPv6).toIPv4Address()
  return ip.range() === 'unicast'
}

/** Whether `host` (a URL's hostname) is an IP literal rather than a name. */
export const isIpLiteral = (host: string) => ipaddr.isValid(host.replace(/^\[|\]$/g, ''))
