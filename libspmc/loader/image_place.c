/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Partition image placement. Every offset and size an image states is checked
 * against the image and against the partition's memory before anything is
 * written, so a bad image leaves the memory untouched.
 */
#include <stdbool.h>

#include <ffa/errors.h>

#include "image_place.h"
#include "util.h"

/* ELF64 constants (System V ABI): only what placement needs. */
#define EI_NIDENT 16
#define ELFCLASS64 2
#define ELFDATA2LSB 1
#define ET_EXEC 2
#define ET_DYN 3
#define EM_X86_64 62
#define EM_AARCH64 183
#define PT_LOAD 1

struct elf64_ehdr {
	uint8_t ident[EI_NIDENT];
	uint16_t type, machine;
	uint32_t version;
	uint64_t entry, phoff, shoff;
	uint32_t flags;
	uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct elf64_phdr {
	uint32_t type, flags;
	uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

static bool is_elf(const uint8_t *b, uint64_t n)
{
	return n >= 4 && b[0] == 0x7f && b[1] == 'E' && b[2] == 'L' && b[3] == 'F';
}

/* [off, off + len) lies within [0, size) without overflow. */
static bool fits(uint64_t off, uint64_t len, uint64_t size)
{
	return off <= size && len <= size - off;
}

static int fail(const char **why, const char *msg, int code)
{
	*why = msg;
	return code;
}

static int place_elf(uint8_t *mem, uint64_t mem_size, uint64_t load_addr, uint64_t base_off,
		     const uint8_t *img, uint64_t img_size, uint64_t *entry, const char **why)
{
	struct elf64_ehdr eh;

	if (img_size < sizeof(eh))
		return fail(why, "ELF header truncated", FFA_RET_INVALID_PARAMETERS);
	spmc_memcpy(&eh, img, sizeof(eh));
	if (eh.ident[4] != ELFCLASS64 || eh.ident[5] != ELFDATA2LSB)
		return fail(why, "not a 64-bit little-endian ELF image", FFA_RET_INVALID_PARAMETERS);
	if ((eh.type != ET_EXEC && eh.type != ET_DYN) ||
	    (eh.machine != EM_AARCH64 && eh.machine != EM_X86_64))
		return fail(why, "ELF image is not an executable for AArch64",
			    FFA_RET_INVALID_PARAMETERS);
	if (eh.phentsize != sizeof(struct elf64_phdr) || eh.phnum == 0 ||
	    !fits(eh.phoff, (uint64_t)eh.phnum * sizeof(struct elf64_phdr), img_size))
		return fail(why, "ELF program headers outside the image", FFA_RET_INVALID_PARAMETERS);

	/* First pass: check everything; second: copy. */
	for (int pass = 0; pass < 2; pass++) {
		for (uint16_t i = 0; i < eh.phnum; i++) {
			struct elf64_phdr ph;

			spmc_memcpy(&ph, img + eh.phoff + (uint64_t)i * sizeof(ph), sizeof(ph));
			if (ph.type != PT_LOAD)
				continue;
			if (pass == 0) {
				if (ph.filesz > ph.memsz || !fits(ph.offset, ph.filesz, img_size))
					return fail(why, "ELF segment outside the image",
						    FFA_RET_INVALID_PARAMETERS);
				if (ph.vaddr > mem_size || !fits(base_off, ph.vaddr, mem_size) ||
				    !fits(base_off + ph.vaddr, ph.memsz, mem_size))
					return fail(why, "image larger than its memory region",
						    FFA_RET_NO_MEMORY);
				continue;
			}
			spmc_memcpy(mem + base_off + ph.vaddr, img + ph.offset, ph.filesz);
			spmc_memset(mem + base_off + ph.vaddr + ph.filesz, 0, ph.memsz - ph.filesz);
		}
		/* base_off < mem_size was checked by the caller; the entry must be an
		 * address inside the memory, not one past it. */
		if (pass == 0 && eh.entry >= mem_size - base_off)
			return fail(why, "ELF entry point outside the partition's memory",
				    FFA_RET_INVALID_PARAMETERS);
	}
	*entry = load_addr + base_off + eh.entry;
	return 0;
}

int spmc_image_place(uint8_t *mem, uint64_t mem_size, uint64_t load_addr, uint64_t entry_offset,
		     const void *img, uint64_t img_size, uint64_t *entry, const char **why)
{
	const uint8_t *b = img;

	*why = "";
	if (!mem || !img || img_size == 0)
		return fail(why, "empty image", FFA_RET_INVALID_PARAMETERS);
	if (entry_offset >= mem_size)
		return fail(why, "entrypoint-offset outside the partition's memory",
			    FFA_RET_INVALID_PARAMETERS);
	if (is_elf(b, img_size))
		return place_elf(mem, mem_size, load_addr, entry_offset, b, img_size, entry, why);
	if (!fits(entry_offset, img_size, mem_size))
		return fail(why, "image larger than its memory region", FFA_RET_NO_MEMORY);
	spmc_memcpy(mem + entry_offset, b, img_size);
	*entry = load_addr + entry_offset;
	return 0;
}
