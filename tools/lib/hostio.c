/* SPDX-License-Identifier: BSD-3-Clause */
#include "hostio.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

int host_read_file(const char *path, size_t max, uint8_t **buf, size_t *len, char *err,
		   size_t errlen)
{
	FILE *f = fopen(path, "rb");
	uint8_t *b = NULL;
	size_t n = 0, cap = 0;

	*buf = NULL;
	*len = 0;
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	for (;;) {
		size_t got;

		if (n == cap) {
			uint8_t *nb;

			cap = cap ? cap * 2 : 65536;
			nb = realloc(b, cap + 1);
			if (!nb) {
				snprintf(err, errlen, "%s: out of memory", path);
				goto fail;
			}
			b = nb;
		}
		got = fread(b + n, 1, cap - n, f);
		n += got;
		if (n > max) {
			snprintf(err, errlen, "%s: larger than %zu bytes", path, max);
			goto fail;
		}
		if (got == 0) {
			if (ferror(f)) {
				snprintf(err, errlen, "%s: read error", path);
				goto fail;
			}
			break;
		}
	}
	fclose(f);
	b[n] = 0;
	*buf = b;
	*len = n;
	return 0;
fail:
	fclose(f);
	free(b);
	return -1;
}

int host_write_file(const char *path, const void *buf, size_t len, char *err, size_t errlen)
{
	FILE *f = fopen(path, "wb");

	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (fwrite(buf, 1, len, f) != len) {
		snprintf(err, errlen, "%s: write error", path);
		fclose(f);
		return -1;
	}
	if (fclose(f) != 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

int host_mkdirs(const char *path, char *err, size_t errlen)
{
	char *p = strdup(path);

	if (!p) {
		snprintf(err, errlen, "%s: out of memory", path);
		return -1;
	}
	for (char *s = p + 1;; s++) {
		char c = *s;

		if (c != '/' && c != '\0')
			continue;
		*s = '\0';
		if (mkdir(p, 0777) != 0 && errno != EEXIST) {
			snprintf(err, errlen, "%s: %s", p, strerror(errno));
			free(p);
			return -1;
		}
		*s = c;
		if (c == '\0')
			break;
	}
	free(p);
	return 0;
}

int host_run(char *const argv[], char *err, size_t errlen)
{
	pid_t pid;
	int st;

	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		snprintf(err, errlen, "%s: fork: %s", argv[0], strerror(errno));
		return -1;
	}
	if (pid == 0) {
		execvp(argv[0], argv);
		fprintf(stderr, "%s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR) {
			snprintf(err, errlen, "%s: wait: %s", argv[0], strerror(errno));
			return -1;
		}
	if (!WIFEXITED(st)) {
		snprintf(err, errlen, "%s was killed", argv[0]);
		return -1;
	}
	if (WEXITSTATUS(st) == 127) {
		snprintf(err, errlen, "could not run %s (is it installed?)", argv[0]);
		return -1;
	}
	return WEXITSTATUS(st);
}

int host_is_fdt(const void *buf, size_t len)
{
	const uint8_t *b = buf;

	return len >= 4 && b[0] == 0xd0 && b[1] == 0x0d && b[2] == 0xfe && b[3] == 0xed;
}

/* A scratch directory and the files in it, removed at the end. */
struct scratch {
	char dir[256];
	char *files[4];
	int nfiles;
};

static const char *scratch_file(struct scratch *s, const char *name)
{
	char *f = NULL;

	if (asprintf(&f, "%s/%s", s->dir, name) < 0)
		return NULL;
	s->files[s->nfiles++] = f;
	return f;
}

static void scratch_clean(struct scratch *s)
{
	for (int i = 0; i < s->nfiles; i++) {
		unlink(s->files[i]);
		free(s->files[i]);
	}
	if (s->dir[0])
		rmdir(s->dir);
}

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *d;

	if (!slash)
		return strdup(".");
	d = strndup(path, (size_t)(slash - path));
	if (d && !d[0]) {
		free(d);
		d = strdup("/");
	}
	return d;
}

/* Writes the tree that wraps a fragment (included with dtc's /include/). */
static int write_wrapper(const char *wrapper, const char *fragment, enum host_dt_wrap wrap,
			 int has_list_node, char *err, size_t errlen)
{
	FILE *f = fopen(wrapper, "w");

	if (!f) {
		snprintf(err, errlen, "%s: %s", wrapper, strerror(errno));
		return -1;
	}
	fprintf(f, "/dts-v1/;\n/ {\n");
	if (wrap == HOST_DT_SPMC_LIST)
		fprintf(f, "\tcompatible = \"arm,ffa-core-manifest-1.0\";\n");
	if (!has_list_node)
		fprintf(f, "\t%s {\n\t\tcompatible = \"%s\";\n",
			wrap == HOST_DT_SPMC_LIST ? "sp_packages" : "secure-partitions",
			wrap == HOST_DT_SPMC_LIST ? "arm,sp_pkg" : "arm,sp");
	fprintf(f, "/include/ \"%s\"\n", fragment);
	if (!has_list_node)
		fprintf(f, "\t};\n");
	fprintf(f, "};\n");
	if (fclose(f) != 0) {
		snprintf(err, errlen, "%s: write error", wrapper);
		return -1;
	}
	return 0;
}

int host_dt_load(const char *path, enum host_dt_wrap wrap, char *const cpp_args[], size_t ncpp,
		 uint8_t **blob, size_t *len, char *err, size_t errlen)
{
	struct scratch s = {.dir = "", .nfiles = 0};
	const char *tmp = getenv("TMPDIR");
	const char *pre, *dtb, *src;
	uint8_t *text = NULL;
	size_t text_len;
	char *argv[64 + 16];
	char *incdir = NULL, incarg[4096 + 3];
	size_t a = 0;
	int rc = -1, st;

	*blob = NULL;
	*len = 0;
	if (host_read_file(path, 64u << 20, &text, &text_len, err, errlen))
		return -1;
	if (host_is_fdt(text, text_len)) {
		*blob = text;
		*len = text_len;
		return 0;
	}
	free(text);
	text = NULL;
	if (ncpp > 64) {
		snprintf(err, errlen, "too many preprocessor options");
		return -1;
	}
	snprintf(s.dir, sizeof(s.dir), "%s/spmc-dt.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(s.dir)) {
		snprintf(err, errlen, "%s: %s", s.dir, strerror(errno));
		s.dir[0] = '\0';
		return -1;
	}
	pre = scratch_file(&s, "pre.dts");
	dtb = scratch_file(&s, "out.dtb");
	incdir = dir_of(path);
	if (!incdir || !pre || !dtb) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	snprintf(incarg, sizeof(incarg), "-I%s", incdir);
	/* cpp, as TF-A and OP-TEE builds run it on device-tree sources: no
	 * standard includes, no predefined macros (a DTS's "linux" must stay a
	 * word), '#' lines that are not directives left alone. Line markers stay
	 * in, so dtc's errors name the original file and line. */
	argv[a++] = "cpp";
	argv[a++] = "-nostdinc";
	argv[a++] = "-undef";
	argv[a++] = "-x";
	argv[a++] = "assembler-with-cpp";
	argv[a++] = incarg;
	for (size_t i = 0; i < ncpp; i++)
		argv[a++] = cpp_args[i];
	argv[a++] = (char *)path;
	argv[a++] = "-o";
	argv[a++] = (char *)pre;
	argv[a] = NULL;
	st = host_run(argv, err, errlen);
	if (st != 0) {
		if (st > 0)
			snprintf(err, errlen, "%s: the C preprocessor failed (see above)", path);
		goto out;
	}
	src = pre;
	if (wrap != HOST_DT_AS_IS) {
		if (host_read_file(pre, 64u << 20, &text, &text_len, err, errlen))
			goto out;
		if (!strstr((char *)text, "/dts-v1/")) {
			int has_list = strstr((char *)text, wrap == HOST_DT_SPMC_LIST
								     ? "\"arm,sp_pkg\""
								     : "\"arm,sp\"") != NULL;

			src = scratch_file(&s, "wrap.dts");
			if (!src) {
				snprintf(err, errlen, "out of memory");
				goto out;
			}
			if (write_wrapper(src, pre, wrap, has_list, err, errlen))
				goto out;
		}
	}
	a = 0;
	argv[a++] = "dtc";
	argv[a++] = "-q";
	/* dtc's own /include/ directives resolve from the source's directory. */
	argv[a++] = "-i";
	argv[a++] = incdir;
	argv[a++] = "-I";
	argv[a++] = "dts";
	argv[a++] = "-O";
	argv[a++] = "dtb";
	argv[a++] = "-o";
	argv[a++] = (char *)dtb;
	argv[a++] = (char *)src;
	argv[a] = NULL;
	st = host_run(argv, err, errlen);
	if (st != 0) {
		if (st > 0)
			snprintf(err, errlen, "%s: dtc could not compile it (see above)", path);
		goto out;
	}
	rc = host_read_file(dtb, 64u << 20, blob, len, err, errlen);
out:
	free(text);
	free(incdir);
	scratch_clean(&s);
	return rc;
}
