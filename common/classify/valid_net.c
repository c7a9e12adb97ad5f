/*
 * valid_net.c - network identifiers: e-mail addresses, URLs, IPv4
 * and IPv6 addresses, MAC addresses.  See valid.h.
 */
#include <string.h>

#include "hex.h"
#include "valid.h"

static int
is_alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z');
}

static int
is_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* A top-level domain: letters, punycode (xn--) or UTF-8. */
static int
tld_ok(const unsigned char *s, size_t n)
{
	size_t i;
	int high = 0;

	if (n >= 4 && memcmp(s, "xn--", 4) == 0)
		return 1;
	for (i = 0; i < n; i++) {
		if (s[i] >= 0x80)
			high = 1;
		else if (!is_alpha(s[i]))
			return 0;
	}
	return n >= 2 || high;
}

/* A host name of two or more labels with a real top-level domain. */
static int
domain_ok(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i, start = 0, labels = 0;

	if (n == 0 || n > 253)
		return 0;
	for (i = 0; i <= n; i++) {
		if (i < n && s[i] != '.') {
			if (!is_alnum(s[i]) && s[i] != '-' && s[i] < 0x80)
				return 0;
			continue;
		}
		if (i == start || i - start > 63 || s[start] == '-' ||
		    s[i - 1] == '-')
			return 0;
		labels++;
		start = i + 1;
	}
	start = n;
	while (start > 0 && s[start - 1] != '.')
		start--;
	return labels >= 2 && tld_ok(s + start, n - start);
}

int
valid_email(const char *s, size_t n)
{
	const char *at = memchr(s, '@', n);
	size_t ln, i;

	if (at == NULL || memchr(at + 1, '@', n - (size_t)(at - s) - 1))
		return 0;
	ln = (size_t)(at - s);
	if (ln == 0 || ln > 64 || s[0] == '.' || s[ln - 1] == '.')
		return 0;
	for (i = 0; i < ln; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '.' && s[i + 1] == '.')
			return 0;
		if (!is_alnum(c) && c < 0x80 &&
		    strchr("!#$%&'*+/=?^_`{|}~-.", c) == NULL)
			return 0;
	}
	return domain_ok(at + 1, n - ln - 1);
}

int
valid_ipv4(const char *s, size_t n)
{
	size_t i = 0, parts = 0, nd;
	unsigned v, total = 0;

	while (parts < 4) {
		for (v = 0, nd = 0; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			v = v * 10 + (unsigned)(s[i] - '0'), nd++;
		if (nd == 0 || nd > 3 || v > 255 ||
		    (nd > 1 && s[i - nd] == '0'))
			return 0;
		total += v;
		if (++parts < 4 && (i >= n || s[i++] != '.'))
			return 0;
	}
	return i == n && total > 0;
}

/* One group of 1-4 hex digits at s[*i]; returns its length. */
static size_t
hex_group(const char *s, size_t n, size_t *i)
{
	size_t start = *i;

	while (*i < n && *i - start < 5 && hex_value(s[*i]) >= 0)
		(*i)++;
	return *i - start;
}

int
valid_ipv6(const char *s, size_t n)
{
	size_t i = 0, groups = 0, start, len;
	int dbl = 0;

	if (n >= 2 && s[0] == ':' && s[1] == ':')
		dbl = 1, i = 2;
	while (i < n) {
		start = i;
		len = hex_group(s, n, &i);
		if (i < n && s[i] == '.') {
			if (groups > 6 || !valid_ipv4(s + start, n - start))
				return 0;
			groups += 2, i = n;
			break;
		}
		if (len == 0 || len > 4)
			return 0;
		groups++;
		if (i == n)
			break;
		if (s[i++] != ':' || i == n)
			return 0;
		if (s[i] == ':') {
			if (dbl)
				return 0;
			dbl = 1;
			i++;
		}
	}
	return groups >= 2 && (dbl ? groups <= 7 : groups == 8);
}

int
valid_mac(const char *s, size_t n, int ctx)
{
	size_t i, zero = 1;
	char sep;

	if (n == 12 && ctx) { /* bare hex, under a MAC-like key */
		for (i = 0; i < 12; i++) {
			if (hex_value(s[i]) < 0)
				return 0;
			if (s[i] != '0')
				zero = 0;
		}
	} else if (n == 17) {
		sep = s[2];
		if (sep != ':' && sep != '-')
			return 0;
		for (i = 0; i < 17; i++) {
			if (i % 3 == 2 ? s[i] != sep : hex_value(s[i]) < 0)
				return 0;
			if (i % 3 != 2 && s[i] != '0')
				zero = 0;
		}
	} else if (n == 14) {
		for (i = 0; i < 14; i++) {
			if (i % 5 == 4 ? s[i] != '.' : hex_value(s[i]) < 0)
				return 0;
			if (i % 5 != 4 && s[i] != '0')
				zero = 0;
		}
	} else
		return 0;
	return !zero;
}

/* A port ":1-65535" at s[0..n) (n > 0). */
static int
ip_port(const char *s, size_t n)
{
	size_t i;
	unsigned v = 0;

	if (n < 2 || n > 6 || s[0] != ':' || s[1] == '0')
		return 0;
	for (i = 1; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	return v <= 65535;
}

/* A CIDR prefix length "/0" to "/max" at s[0..n). */
static int
ip_prefix(const char *s, size_t n, unsigned max)
{
	unsigned v = 0;
	size_t i;

	if (n < 2 || n > 4 || s[0] != '/' || (n > 2 && s[1] == '0'))
		return 0;
	for (i = 1; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	return v <= max;
}

/* An IP address in its written forms: a.b.c.d, an IPv6 address,
 * a.b.c.d:port, [v6] and [v6]:port, a range a.b.c.d/n or v6/n.  Returns
 * 4 or 6 (the family), 0 for none.  ctx is unused: no looser form. */
int
valid_ip(const char *s, size_t n, int ctx)
{
	const char *end;
	size_t a;

	(void)ctx;
	if (valid_ipv4(s, n))
		return 4;
	if (valid_ipv6(s, n))
		return 6;
	if (n > 2 && s[0] == '[') {
		end = memchr(s, ']', n);
		if (end == NULL || !valid_ipv6(s + 1, (size_t)(end - s) - 1))
			return 0;
		a = (size_t)(end - s) + 1;
		return a == n || ip_port(s + a, n - a) ? 6 : 0;
	}
	for (a = n; a > 0 && s[a - 1] != ':' && s[a - 1] != '/'; a--)
		;
	if (a == 0)
		return 0;
	if (s[a - 1] == ':')
		return valid_ipv4(s, a - 1) && ip_port(s + a - 1, n - a + 1)
		    ? 4
		    : 0;
	if (valid_ipv4(s, a - 1))
		return ip_prefix(s + a - 1, n - a + 1, 32) ? 4 : 0;
	return valid_ipv6(s, a - 1) && ip_prefix(s + a - 1, n - a + 1, 128) ? 6
	                                                                    : 0;
}

static size_t
url_scheme(const char *s, size_t n)
{
	static const char *const schemes[] = {"http://", "https://", "ftp://",
	    "ftps://", "sftp://", "ws://", "wss://"};
	size_t i, j, k;

	for (i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++) {
		k = strlen(schemes[i]);
		if (n <= k)
			continue;
		for (j = 0; j < k; j++)
			if ((s[j] | 0x20) != schemes[i][j] &&
			    s[j] != schemes[i][j])
				break;
		if (j == k)
			return k;
	}
	if (n > 4 && (s[0] | 0x20) == 'w' && (s[1] | 0x20) == 'w' &&
	    (s[2] | 0x20) == 'w' && s[3] == '.')
		return 0;
	return (size_t)-1;
}

/* host[:port] of a URL (userinfo already removed). */
static int
url_host_ok(const char *h, size_t n)
{
	const char *colon;
	size_t i, hn = n;

	if (n > 0 && h[0] == '[') {
		colon = memchr(h, ']', n);
		if (colon == NULL ||
		    !valid_ipv6(h + 1, (size_t)(colon - h) - 1))
			return 0;
		hn = (size_t)(colon - h) + 1;
		if (hn < n && h[hn] != ':')
			return 0;
	} else if ((colon = memchr(h, ':', n)) != NULL)
		hn = (size_t)(colon - h);
	if (hn < n) {
		if (n - hn - 1 == 0 || n - hn - 1 > 5)
			return 0;
		for (i = hn + 1; i < n; i++)
			if (h[i] < '0' || h[i] > '9')
				return 0;
	}
	if (h[0] == '[')
		return 1;
	return (hn == 9 && memcmp(h, "localhost", 9) == 0) ||
	    valid_ipv4(h, hn) || domain_ok(h, hn);
}

int
valid_url(const char *s, size_t n)
{
	size_t k = url_scheme(s, n), i, end;
	const char *at;

	if (k == (size_t)-1)
		return 0;
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] <= ' ' || s[i] == 0x7f)
			return 0;
	for (end = k;
	     end < n && s[end] != '/' && s[end] != '?' && s[end] != '#'; end++)
		;
	at = NULL;
	for (i = k; i < end; i++)
		if (s[i] == '@')
			at = s + i;
	if (at != NULL)
		k = (size_t)(at - s) + 1;
	return end > k && url_host_ok(s + k, end - k);
}
