/*
 * tests/fuzz: the fuzz harnesses (docs/reliability.md "Fuzzing").
 *
 * Each fuzz-*.c defines LLVMFuzzerTestOneInput().  `make fuzz` links them
 * with libFuzzer (clang -fsanitize=fuzzer) under ASan and UBSan and runs
 * each for FUZZ_SECONDS; `make` links them with driver.c, a main() that
 * runs the saved corpus (tests/fuzz/corpus/NAME/) once, so `make check`
 * (and `make sanitize`) replays every input the fuzzer ever kept.
 *
 * The readers take file names, so an input is handed over as an unlinked
 * temporary file, rewritten for each run, named /proc/self/fd/N.
 */
#ifndef RT_FUZZ_H
#define RT_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "rt_err.h"
#include "rt_json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* What every harness's LLVMFuzzerInitialize() does first. */
static inline void
fuzz_init(int *argc, char ***argv, const char *prog)
{
	(void)argc;
	(void)argv;
	rt_err_init(prog);
	rt_json_init();
}

/* The input as a file: its name, valid until the next call. */
static inline char *
fuzz_file(const uint8_t *data, size_t size)
{
	static int fd = -1;
	static char name[64];

	if (fd == -1) {
		char tmpl[] = "/tmp/rt-fuzz-input.XXXXXX";

		if ((fd = mkstemp(tmpl)) == -1) {
			perror("mkstemp");
			abort();
		}
		unlink(tmpl);
		snprintf(name, sizeof name, "/proc/self/fd/%d", fd);
	}
	if (ftruncate(fd, 0) == -1 || pwrite(fd, data, size, 0) != (ssize_t)size) {
		perror("fuzz input");
		abort();
	}
	return name;
}

#endif
