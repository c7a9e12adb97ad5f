/* phi-encrypt - placeholder main until the program lands. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

int
main(int argc, char **argv)
{
	cli_init(argv[0]);
	if (argc > 1 && strcmp(argv[1], "--version") == 0) {
		cli_version();
		return cli_close_stdout();
	}
	if (argc > 1 && strcmp(argv[1], "--help") == 0) {
		printf("usage: phi-encrypt ...\n");
		return cli_close_stdout();
	}
	cli_warn("this program is not built yet");
	return PHI_ESOFTWARE;
}
