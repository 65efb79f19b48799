/** Kubernetes name rules (apimachinery `validation.IsDNS1123Label` / `IsDNS1123Subdomain`). */

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN_PART = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Longest DNS label (namespace, Service, most object names). */
export const MAX_DNS_LABEL_LENGTH = 63;

export function isDnsLabel(value: string): boolean {
  return value.length <= MAX_DNS_LABEL_LENGTH && DNS_LABEL.test(value);
}

/** An RFC 1123 host name with at least two labels (`example.com`, `shop.acme.com`). */
export function isDomainName(value: string): boolean {
  if (value.length > 253) return false;
  const parts = value.split('.');
  return parts.length >= 2 && parts.every((part) => part.length <= 63 && DNS_SUBDOMAIN_PART.test(part));
}

/** The registered domain used for Let's Encrypt rate limits (last two labels; no public-suffix list). */
export function registeredDomain(host: string): string {
  const parts = host.replace(/^\*\./, '').split('.');
  return parts.slice(-2).join('.');
}

/** Throws a message that quotes the value when `name` is not a DNS label. */
export function assertDnsLabel(name: string, what: string): void {
  if (!isDnsLabel(name)) {
    throw new Error(`${what} "${name}" is not a DNS label (at most 63 lowercase letters, digits and "-", starting and ending with a letter or digit)`);
  }
}
