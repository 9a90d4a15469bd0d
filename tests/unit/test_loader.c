/* SPDX-License-Identifier: BSD-3-Clause */
/* The loader's building blocks: FF-A v1.1 boot information, and image placement. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ffa/ffa.h>

#include "loader/boot_info.h"
#include "loader/image_place.h"

#define MEM_SIZE 0x10000u
#define LOAD 0x10000000ull

static uint8_t mem[MEM_SIZE];

/* ---- boot information ---- */

/* DEN0077 boot information protocol: a 32-byte header (signature 0x0FFA,
 * version, blob size, descriptor size/count/offset), 32-byte descriptors; the
 * FDT descriptor's content is the address of the manifest. */
static void test_boot_info_layout(void **state)
{
	static const uint8_t manifest[40] = {0xd0, 0x0d, 0xfe, 0xed, 1, 2, 3};
	const struct ffa_boot_info_header *h = (const void *)mem;
	const struct ffa_boot_info_desc *d = (const void *)(mem + 32);
	size_t n;

	(void)state;
	memset(mem, 0xaa, sizeof(mem));
	n = spmc_boot_info_write(mem, sizeof(mem), LOAD, FFA_VERSION_1_1, manifest, sizeof(manifest));
	assert_int_equal(n, 64 + sizeof(manifest));
	assert_int_equal(h->signature, 0x0FFA);
	assert_int_equal(h->version, FFA_VERSION_1_1);
	assert_int_equal(h->blob_size, n);
	assert_int_equal(h->desc_size, 32);
	assert_int_equal(h->desc_count, 1);
	assert_int_equal(h->desc_offset, 32);
	assert_int_equal(h->reserved, 0);
	assert_string_equal(d->name, "manifest");
	assert_int_equal(d->type, FFA_BOOT_INFO_TYPE_STD_FDT);
	assert_int_equal(d->flags, FFA_BOOT_INFO_FLAG_NAME_STRING | FFA_BOOT_INFO_FLAG_CONTENT_ADDR);
	assert_int_equal(d->size, sizeof(manifest));
	assert_int_equal(d->content, LOAD + 64);
	assert_memory_equal(mem + 64, manifest, sizeof(manifest));
	assert_int_equal(mem[n], 0xaa); /* nothing written past the blob */
}

/* A blob that does not fit is not written at all. */
static void test_boot_info_too_small_writes_nothing(void **state)
{
	static const uint8_t manifest[100] = {1};

	(void)state;
	memset(mem, 0x55, sizeof(mem));
	assert_int_equal(spmc_boot_info_write(mem, 64 + 99, LOAD, FFA_VERSION_1_1, manifest, 100), 0);
	assert_int_equal(spmc_boot_info_write(mem, 10, LOAD, FFA_VERSION_1_1, manifest, 100), 0);
	assert_int_equal(spmc_boot_info_write(mem, 4096, LOAD, FFA_VERSION_1_1, manifest, 0), 0);
	for (size_t i = 0; i < 256; i++)
		assert_int_equal(mem[i], 0x55);
}

/* ---- image placement ---- */

/* A synthetic ELF64 AArch64 executable: two PT_LOAD segments. */
struct test_elf {
	Elf64_Ehdr eh;
	Elf64_Phdr ph[2];
	uint8_t text[16];
	uint8_t data[8];
};

static void make_elf(struct test_elf *e)
{
	memset(e, 0, sizeof(*e));
	memcpy(e->eh.e_ident, ELFMAG, SELFMAG);
	e->eh.e_ident[EI_CLASS] = ELFCLASS64;
	e->eh.e_ident[EI_DATA] = ELFDATA2LSB;
	e->eh.e_type = ET_DYN;
	e->eh.e_machine = EM_AARCH64;
	e->eh.e_entry = 0x100;
	e->eh.e_phoff = offsetof(struct test_elf, ph);
	e->eh.e_phentsize = sizeof(Elf64_Phdr);
	e->eh.e_phnum = 2;
	e->ph[0] = (Elf64_Phdr){.p_type = PT_LOAD, .p_offset = offsetof(struct test_elf, text),
				.p_vaddr = 0x100, .p_filesz = 16, .p_memsz = 16};
	e->ph[1] = (Elf64_Phdr){.p_type = PT_LOAD, .p_offset = offsetof(struct test_elf, data),
				.p_vaddr = 0x2000, .p_filesz = 8, .p_memsz = 0x40};
	memset(e->text, 0x11, sizeof(e->text));
	memset(e->data, 0x22, sizeof(e->data));
}

/* ELF images: each PT_LOAD segment at load address + entrypoint-offset +
 * p_vaddr, its .bss tail zeroed, entered at that base + e_entry. */
static void test_place_elf(void **state)
{
	struct test_elf e;
	uint64_t entry = 0;
	const char *why;

	(void)state;
	make_elf(&e);
	memset(mem, 0xff, sizeof(mem));
	assert_int_equal(spmc_image_place(mem, MEM_SIZE, LOAD, 0x1000, &e, sizeof(e), &entry, &why), 0);
	assert_int_equal(entry, LOAD + 0x1000 + 0x100);
	for (int i = 0; i < 16; i++)
		assert_int_equal(mem[0x1100 + i], 0x11);
	for (int i = 0; i < 8; i++)
		assert_int_equal(mem[0x3000 + i], 0x22);
	for (int i = 8; i < 0x40; i++)
		assert_int_equal(mem[0x3000 + i], 0); /* zero-filled up to p_memsz */
	assert_int_equal(mem[0x3040], 0xff);
	assert_int_equal(mem[0x10ff], 0xff);
}

/* Raw images: copied to load address + entrypoint-offset, entered there. */
static void test_place_raw(void **state)
{
	uint8_t raw[300];
	uint64_t entry = 0;
	const char *why;

	(void)state;
	memset(raw, 0x5a, sizeof(raw));
	memset(mem, 0, sizeof(mem));
	assert_int_equal(spmc_image_place(mem, MEM_SIZE, LOAD, 0x4000, raw, sizeof(raw), &entry, &why), 0);
	assert_int_equal(entry, LOAD + 0x4000);
	assert_memory_equal(mem + 0x4000, raw, sizeof(raw));
	assert_int_equal(mem[0x4000 + sizeof(raw)], 0);
}

/* Every way an image can be bad is refused with a reason, and the
 * partition's memory is left exactly as it was. */
static void expect_refused(const void *img, size_t size, uint64_t entry_off, int code)
{
	static uint8_t before[MEM_SIZE];
	uint64_t entry = 0x1234;
	const char *why = NULL;

	memset(mem, 0x77, sizeof(mem));
	memcpy(before, mem, sizeof(mem));
	assert_int_equal(spmc_image_place(mem, MEM_SIZE, LOAD, entry_off, img, size, &entry, &why),
			 code);
	assert_non_null(why);
	assert_true(why[0] != '\0');
	assert_memory_equal(mem, before, sizeof(mem));
	assert_int_equal(entry, 0x1234);
}

static void test_place_bad_images_refused(void **state)
{
	struct test_elf e;
	uint8_t big[MEM_SIZE];

	(void)state;
	memset(big, 1, sizeof(big));
	/* raw image larger than its region */
	expect_refused(big, sizeof(big), 0x1000, FFA_RET_NO_MEMORY);
	/* entrypoint-offset outside the memory */
	expect_refused(big, 16, MEM_SIZE, FFA_RET_INVALID_PARAMETERS);
	/* empty */
	expect_refused(big, 0, 0, FFA_RET_INVALID_PARAMETERS);
	/* truncated ELF header */
	make_elf(&e);
	expect_refused(&e, 20, 0, FFA_RET_INVALID_PARAMETERS);
	/* 32-bit class */
	make_elf(&e);
	e.eh.e_ident[EI_CLASS] = ELFCLASS32;
	expect_refused(&e, sizeof(e), 0, FFA_RET_INVALID_PARAMETERS);
	/* another machine */
	make_elf(&e);
	e.eh.e_machine = EM_386;
	expect_refused(&e, sizeof(e), 0, FFA_RET_INVALID_PARAMETERS);
	/* program headers past the end */
	make_elf(&e);
	e.eh.e_phoff = sizeof(e) - 8;
	expect_refused(&e, sizeof(e), 0, FFA_RET_INVALID_PARAMETERS);
	/* a segment's bytes past the end of the image */
	make_elf(&e);
	e.ph[1].p_offset = sizeof(e) - 4;
	expect_refused(&e, sizeof(e), 0, FFA_RET_INVALID_PARAMETERS);
	/* filesz > memsz */
	make_elf(&e);
	e.ph[0].p_memsz = 8;
	expect_refused(&e, sizeof(e), 0, FFA_RET_INVALID_PARAMETERS);
	/* a segment beyond the partition's memory (the first one fits: nothing
	 * may be copied before everything is checked) */
	make_elf(&e);
	e.ph[1].p_vaddr = MEM_SIZE - 0x20;
	expect_refused(&e, sizeof(e), 0, FFA_RET_NO_MEMORY);
	/* vaddr so large the sum wraps */
	make_elf(&e);
	e.ph[1].p_vaddr = UINT64_MAX - 0x10;
	expect_refused(&e, sizeof(e), 0x1000, FFA_RET_NO_MEMORY);
	/* entry point outside the memory */
	make_elf(&e);
	e.eh.e_entry = MEM_SIZE;
	expect_refused(&e, sizeof(e), 0, FFA_RET_INVALID_PARAMETERS);
}

/* A real shared object from the build (an SP image) places cleanly: every
 * loaded byte lands at its p_vaddr. */
static void test_place_real_shared_object(void **state)
{
	static uint8_t img[1 << 20], big_mem[1 << 20];
	FILE *f = fopen(SP_IMAGE_DIR "/echo_sp.so", "rb");
	size_t n;
	uint64_t entry;
	const char *why;
	Elf64_Ehdr eh;

	(void)state;
	assert_non_null(f);
	n = fread(img, 1, sizeof(img), f);
	fclose(f);
	assert_int_equal(spmc_image_place(big_mem, sizeof(big_mem), LOAD, 0, img, n, &entry, &why), 0);
	memcpy(&eh, img, sizeof(eh));
	assert_int_equal(entry, LOAD + eh.e_entry);
	for (unsigned i = 0; i < eh.e_phnum; i++) {
		Elf64_Phdr ph;

		memcpy(&ph, img + eh.e_phoff + i * sizeof(ph), sizeof(ph));
		if (ph.p_type == PT_LOAD)
			assert_memory_equal(big_mem + ph.p_vaddr, img + ph.p_offset, ph.p_filesz);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_boot_info_layout),
		cmocka_unit_test(test_boot_info_too_small_writes_nothing),
		cmocka_unit_test(test_place_elf),
		cmocka_unit_test(test_place_raw),
		cmocka_unit_test(test_place_bad_images_refused),
		cmocka_unit_test(test_place_real_shared_object),
	};

	return cmocka_run_group_tests_name("loader", tests, NULL, NULL);
}
