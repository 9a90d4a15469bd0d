/* SPDX-License-Identifier: BSD-3-Clause */
#include "image.h"

#include <dlfcn.h>
#include <elf.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

struct sim_image {
	void *handle;
	sim_entry_fn entry;
	int own_namespace;
	/* Held open while loaded: the dynamic linker also recognises objects by
	 * path, and a reused descriptor number would make a new image's path
	 * "/proc/self/fd/N" name an already loaded one, sharing its globals. */
	int fd;
};

static int write_all(int fd, const unsigned char *p, size_t len)
{
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* The dynamic loader trusts what it maps: a truncated or corrupt object can
 * crash it. So the structure it relies on is checked first: an ELF64
 * little-endian shared object for this machine, with every program header,
 * every loaded segment and the section headers inside the bytes given. */
static const char *elf_problem(const unsigned char *b, size_t len)
{
	Elf64_Ehdr eh;

	if (len < sizeof(eh) || memcmp(b, ELFMAG, SELFMAG) != 0)
		return "is not an ELF file";
	memcpy(&eh, b, sizeof(eh));
	if (eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_ident[EI_DATA] != ELFDATA2LSB)
		return "is not a 64-bit little-endian ELF file";
	if (eh.e_type != ET_DYN)
		return "is not a shared object";
	if (eh.e_machine != EM_X86_64 && eh.e_machine != EM_AARCH64)
		return "is for another machine";
	if (eh.e_phentsize != sizeof(Elf64_Phdr) || eh.e_phnum == 0 || eh.e_phoff > len ||
	    (uint64_t)eh.e_phnum * sizeof(Elf64_Phdr) > len - eh.e_phoff)
		return "has program headers outside the file";
	if (eh.e_shnum && (eh.e_shentsize != sizeof(Elf64_Shdr) || eh.e_shoff > len ||
			   (uint64_t)eh.e_shnum * sizeof(Elf64_Shdr) > len - eh.e_shoff))
		return "has section headers outside the file (truncated?)";
	for (unsigned i = 0; i < eh.e_phnum; i++) {
		Elf64_Phdr ph;

		memcpy(&ph, b + eh.e_phoff + (uint64_t)i * sizeof(ph), sizeof(ph));
		if ((ph.p_type == PT_LOAD || ph.p_type == PT_DYNAMIC) &&
		    (ph.p_offset > len || ph.p_filesz > len - ph.p_offset))
			return "has a segment outside the file (truncated?)";
	}
	return NULL;
}

struct sim_image *sim_image_load(const void *bytes, size_t len, const char *name, char *err,
				 size_t errlen)
{
	struct sim_image *img;
	const char *why = bytes ? elf_problem(bytes, len) : "is missing";
	char path[64];
	int fd = -1;

	if (why) {
		snprintf(err, errlen, "image of '%s' %s", name, why);
		return NULL;
	}
	img = calloc(1, sizeof(*img));
	if (!img)
		return NULL;
	/* The bytes become a file of their own: a distinct inode, so even two
	 * partitions from one image are two objects to the dynamic linker. */
	fd = memfd_create(name, MFD_CLOEXEC);
	if (fd < 0 || write_all(fd, bytes, len) != 0) {
		snprintf(err, errlen, "cannot stage image of '%s'", name);
		goto fail;
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	img->handle = dlmopen(LM_ID_NEWLM, path, RTLD_NOW | RTLD_LOCAL);
	img->own_namespace = img->handle != NULL;
	if (!img->handle) /* namespaces exhausted: a private, local copy instead */
		img->handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (!img->handle) {
		const char *e = dlerror();

		snprintf(err, errlen, "cannot load image of '%s': %s", name, e ? e : "?");
		goto fail;
	}
	*(void **)&img->entry = dlsym(img->handle, SIM_SP_ENTRY_SYMBOL);
	if (!img->entry) {
		snprintf(err, errlen, "image of '%s' has no entry symbol %s", name,
			 SIM_SP_ENTRY_SYMBOL);
		goto fail;
	}
	img->fd = fd;
	return img;
fail:
	if (img->handle)
		dlclose(img->handle);
	if (fd >= 0)
		close(fd);
	free(img);
	return NULL;
}

sim_entry_fn sim_image_entry(const struct sim_image *img) { return img->entry; }
int sim_image_has_namespace(const struct sim_image *img) { return img->own_namespace; }

void sim_image_unload(struct sim_image *img)
{
	if (!img)
		return;
	dlclose(img->handle);
	close(img->fd);
	free(img);
}
