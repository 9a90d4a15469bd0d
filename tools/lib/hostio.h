/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * File and process helpers shared by the package tools (host code): whole
 * files in and out, running dtc and cpp, and loading a device tree from a
 * blob or from source (optionally wrapping a fragment into a tree).
 */
#ifndef TOOLS_LIB_HOSTIO_H
#define TOOLS_LIB_HOSTIO_H

#include <stddef.h>
#include <stdint.h>

/* Reads all of path (at most max bytes) into a malloc'd buffer (one extra
 * NUL byte after the data). Returns 0, or -1 with err set ("PATH: why"). */
int host_read_file(const char *path, size_t max, uint8_t **buf, size_t *len, char *err,
		   size_t errlen);

int host_write_file(const char *path, const void *buf, size_t len, char *err, size_t errlen);

/* mkdir -p. */
int host_mkdirs(const char *path, char *err, size_t errlen);

/* Runs argv (searching PATH), stdout/stderr shared with the caller. Returns
 * its exit status, or -1 with err set if it could not run or was killed. */
int host_run(char *const argv[], char *err, size_t errlen);

/* Whether buf starts like a flattened device tree (magic 0xd00dfeed). */
int host_is_fdt(const void *buf, size_t len);

/* What a device-tree source that is only a fragment gets wrapped in. */
enum host_dt_wrap {
	HOST_DT_AS_IS,       /* a complete tree */
	HOST_DT_SPMC_LIST,   /* an SPMC manifest's SP package list */
	HOST_DT_BL2_LIST,    /* a TB_FW_CONFIG "arm,sp" SP list */
};

/* Loads a device tree: a blob as it is; source through cpp (-nostdinc
 * -undef -x assembler-with-cpp, the file's directory and cpp_args such as
 * "-DNAME=1" / "-IDIR" added) and dtc. With a wrap other than AS_IS, source
 * without "/dts-v1/" is a fragment: the contents of the list node (or the
 * list node itself, when it carries the list's compatible string), placed in
 * a root node. Returns 0 with a malloc'd blob, or -1 with err set (dtc's own
 * messages, naming the source file and line, go to stderr). */
int host_dt_load(const char *path, enum host_dt_wrap wrap, char *const cpp_args[], size_t ncpp,
		 uint8_t **blob, size_t *len, char *err, size_t errlen);

#endif
