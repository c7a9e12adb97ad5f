/* yajl-parse - the floor of any yajl-based filter: read standard input in
 * 1 MiB blocks and hand them to yajl_parse, nothing else. */
#include <stdio.h>
#include <unistd.h>

#include <yajl_parse.h>

int
main(void)
{
	static unsigned char b[1 << 20];
	yajl_handle h = yajl_alloc(NULL, NULL, NULL);
	ssize_t n;

	yajl_config(h, yajl_allow_multiple_values, 1);
	while ((n = read(0, b, sizeof(b))) > 0)
		if (yajl_parse(h, b, (size_t)n) != yajl_status_ok) {
			fprintf(stderr, "yajl-parse: bad JSON\n");
			return 65;
		}
	return yajl_complete_parse(h) == yajl_status_ok ? 0 : 65;
}
