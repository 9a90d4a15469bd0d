/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Booting from firmware artifacts: the FIP flow (BL2 model places SP packages
 * at the load addresses of its list; the SPMC finds them at the addresses its
 * manifest lists) and the embedded flow, from the example platform built from
 * one layout file (examples/fw/layout.json -> build/fw). And bad input: each
 * gets a clear message, the partition it concerns is not started, and the
 * rest of the system boots.
 */
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include <libfdt.h>

#include <ffa/ffa.h>

#include "lib/fwgen.h"
#include "pkg/fip.h"
#include "pkg/sp_pkg.h"
#include "sim.h"
#include "spmc.h"

#include <CppUTest/TestHarness.h>

namespace {

struct sim *S;
struct ffa_value call(struct ffa_value in) { return sim_call(S, in); }

using bytes = std::vector<unsigned char>;

bytes fw(const char *name)
{
	std::string path = std::string(FW_DIR) + "/" + name;
	bytes v;
	FILE *f = fopen(path.c_str(), "rb");

	if (!f)
		return v;
	unsigned char buf[8192];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		v.insert(v.end(), buf, buf + n);
	fclose(f);
	return v;
}

constexpr ffa_id_t ECHO = 0x8001, KV = 0x8002, COUNTER_A = 0x8003, COUNTER_B = 0x8004;

struct ffa_value ask(ffa_id_t id, uint64_t a3 = 0, uint64_t a4 = 0)
{
	return ffa_direct_req(call, 0, id, a3, a4, 0, 0, 0);
}

bool answers(ffa_id_t id)
{
	return (uint32_t)ask(id).x[0] == FFA_MSG_SEND_DIRECT_RESP_64;
}

bool log_has(const char *text)
{
	return strstr(sim_load_log(S), text) != nullptr;
}

/* The offset of FIP entry `index`'s data (the package) in the FIP. */
size_t fip_entry_offset(const bytes &f, uint32_t index)
{
	struct fip p;
	struct fip_entry e;
	const char *why;

	if (fip_parse(f.data(), f.size(), &p, &why) != FIP_OK ||
	    fip_entry_get(&p, index, &e) != FIP_OK)
		return 0;
	return e.offset;
}

/* Rewrites a device-tree property of node `path` in a copy of blob. */
bytes fdt_with(const bytes &blob, const char *path, const char *prop, const void *val, int len)
{
	bytes out(blob);
	out.resize(blob.size() + 256);
	fdt_open_into(blob.data(), out.data(), (int)out.size());
	int node = fdt_path_offset(out.data(), path);
	if (node >= 0)
		fdt_setprop(out.data(), node, prop, val, len);
	fdt_pack(out.data());
	out.resize(fdt_totalsize(out.data()));
	return out;
}

/* A package with its manifest replaced (same image). */
bytes repack(const bytes &pkg, const bytes &manifest)
{
	struct sp_pkg in, plan;
	const char *why;

	if (sp_pkg_parse(pkg.data(), pkg.size(), &in, &why) != SP_PKG_OK ||
	    sp_pkg_plan(2, manifest.size(), in.img_size, 0, 0, &plan, &why) != SP_PKG_OK)
		return bytes();
	bytes out(plan.total_size);
	if (sp_pkg_write(out.data(), out.size(), &plan, manifest.data(), in.img, &why) != SP_PKG_OK)
		return bytes();
	return out;
}

bytes manifest_of(const bytes &pkg)
{
	struct sp_pkg p;
	const char *why;

	if (sp_pkg_parse(pkg.data(), pkg.size(), &p, &why) != SP_PKG_OK)
		return bytes();
	return bytes(p.pm, p.pm + p.pm_size);
}

struct fw_boot {
	bytes manifest = fw("spmc_manifest.dtb");
	bytes fip = fw("sp_packages.fip");
	bytes bl2 = fw("tb_fw_config.dtb");
	std::vector<bytes> pkgs;
	std::vector<struct sim_pkg> embedded;

	struct sim *start_fip(bool with_bl2 = true)
	{
		struct sim_config cfg = {};
		char err[512];

		cfg.cpus = 4;
		cfg.quiet = true;
		cfg.spmc_manifest = manifest.data();
		cfg.spmc_manifest_size = manifest.size();
		cfg.fip = fip.data();
		cfg.fip_size = fip.size();
		if (with_bl2) {
			cfg.bl2_config = bl2.data();
			cfg.bl2_config_size = bl2.size();
		}
		S = sim_create(&cfg, err, sizeof(err));
		CHECK_TEXT(S, err);
		CHECK(sim_start(S) == 0);
		return S;
	}

	struct sim *start_embedded()
	{
		struct sim_config cfg = {};
		char err[512];

		embedded.clear();
		for (auto &p : pkgs)
			embedded.push_back({p.data(), p.size()});
		cfg.cpus = 4;
		cfg.quiet = true;
		cfg.spmc_manifest = manifest.data();
		cfg.spmc_manifest_size = manifest.size();
		cfg.embedded = embedded.data();
		cfg.embedded_count = (uint32_t)embedded.size();
		S = sim_create(&cfg, err, sizeof(err));
		CHECK_TEXT(S, err);
		CHECK(sim_start(S) == 0);
		return S;
	}

	void load_pkgs()
	{
		for (const char *n : {"echo.pkg", "kv-store.pkg", "counter-a.pkg", "counter-b.pkg"})
			pkgs.push_back(fw(n));
	}
};

} // namespace

TEST_GROUP(Loading)
{
	void teardown() override
	{
		sim_destroy(S);
		S = nullptr;
	}
};

/* The FIP flow: four packages built from one layout file boot; each SP runs
 * from its own image with its own globals; the SP found its peer at boot. */
TEST(Loading, FipWithPackagedSpsBoots)
{
	fw_boot b;
	CHECK_FALSE(b.fip.empty());
	b.start_fip();
	UNSIGNED_LONGS_EQUAL(4, sim_partitions_loaded(S));
	UNSIGNED_LONGS_EQUAL(0, sim_partitions_failed(S));
	STRCMP_EQUAL("", sim_load_log(S));
	CHECK(answers(ECHO));
	/* kv found the echo SP through FFA_PARTITION_INFO_GET at boot */
	struct ffa_value r = ask(KV, 5 /* KV_PING_PEER */, 1234);
	UNSIGNED_LONGS_EQUAL(0, r.x[3]);
	UNSIGNED_LONGS_EQUAL(1234, r.x[4]);
	/* two SPs from one image: separate globals */
	UNSIGNED_LONGS_EQUAL(1, ask(COUNTER_A).x[3]);
	UNSIGNED_LONGS_EQUAL(2, ask(COUNTER_A).x[3]);
	UNSIGNED_LONGS_EQUAL(1, ask(COUNTER_B).x[3]);
}

/* FF-A v1.1 boot information: a partition whose manifest asks for it gets
 * the blob's address in x0 (gp-register-num = 0); the blob carries its
 * manifest. One that does not ask gets nothing. */
TEST(Loading, BootInformationCarriesTheManifest)
{
	fw_boot b;
	b.start_fip();
	struct ffa_value a = ask(COUNTER_A), nb = ask(COUNTER_B);
	UNSIGNED_LONGS_EQUAL(FFA_BOOT_INFO_SIGNATURE, a.x[5]);
	UNSIGNED_LONGS_EQUAL(0xedfe0dd0u, a.x[6]); /* FDT magic d00dfeed, big-endian */
	UNSIGNED_LONGS_EQUAL(0, nb.x[5]);
}

/* RX/TX buffers named by the manifest (rx_tx-info) are mapped before the
 * partition runs; one that names none has none until it calls RXTX_MAP. */
TEST(Loading, ManifestRxTxBuffersAreMapped)
{
	fw_boot b;
	b.start_fip();
	CHECK(spmc_mailbox_mapped(sim_spmc(S), COUNTER_A));
	CHECK_FALSE(spmc_mailbox_mapped(sim_spmc(S), COUNTER_B));
	CHECK(spmc_mailbox_mapped(sim_spmc(S), KV)); /* it mapped its own at boot */
}

/* Without a BL2 list, BL2 uses the SPMC manifest's own list. */
TEST(Loading, FipWithoutBl2ListUsesTheSpmcManifestList)
{
	fw_boot b;
	b.start_fip(false);
	UNSIGNED_LONGS_EQUAL(4, sim_partitions_loaded(S));
	CHECK(answers(COUNTER_B));
}

/* The embedded flow: packages inside the SPMC image, partitions at their
 * manifests' load addresses. */
TEST(Loading, EmbeddedSpsBoot)
{
	fw_boot b;
	b.load_pkgs();
	b.start_embedded();
	UNSIGNED_LONGS_EQUAL(4, sim_partitions_loaded(S));
	CHECK(answers(ECHO));
	UNSIGNED_LONGS_EQUAL(1, ask(COUNTER_A).x[3]);
	UNSIGNED_LONGS_EQUAL(1, ask(COUNTER_B).x[3]);
	UNSIGNED_LONGS_EQUAL(FFA_BOOT_INFO_SIGNATURE, ask(COUNTER_A).x[5]);
}

/* A package with a bad magic: that SP is not started, the message names the
 * node and the problem, the others boot. */
TEST(Loading, BadPackageMagicLeavesOnlyThatSpOut)
{
	fw_boot b;
	size_t off = fip_entry_offset(b.fip, 1); /* kv-store */
	CHECK(off != 0);
	b.fip[off] ^= 0xff;
	b.start_fip();
	UNSIGNED_LONGS_EQUAL(3, sim_partitions_loaded(S));
	CHECK_TEXT(log_has("/sp_packages/kv-store") && log_has("magic"), sim_load_log(S));
	CHECK(answers(ECHO));
	CHECK(answers(COUNTER_B));
	LONGS_EQUAL(FFA_ERROR_32, (uint32_t)ask(KV).x[0]);
}

/* Bad package header fields: unknown version, offsets past the end. */
TEST(Loading, BadPackageVersionAndOffsetsAreRefused)
{
	fw_boot b;
	b.load_pkgs();
	uint32_t v = 7;
	memcpy(b.pkgs[2].data() + 4, &v, 4);  /* counter-a: version 7 */
	uint32_t big = 0x7fffff00;
	memcpy(b.pkgs[3].data() + 16, &big, 4); /* counter-b: image offset past the end */
	b.start_embedded();
	UNSIGNED_LONGS_EQUAL(2, sim_partitions_loaded(S));
	UNSIGNED_LONGS_EQUAL(2, sim_partitions_failed(S));
	CHECK_TEXT(log_has("version"), sim_load_log(S));
	CHECK(answers(ECHO));
	CHECK(answers(KV));
}

/* A truncated partition manifest, and one with a wrong compatible: refused,
 * naming the problem; the rest boots. */
TEST(Loading, BadPartitionManifestsAreRefused)
{
	fw_boot b;
	b.load_pkgs();
	bytes m = manifest_of(b.pkgs[2]);
	bytes cut(m.begin(), m.begin() + m.size() / 2);
	b.pkgs[2] = repack(b.pkgs[2], cut);
	const char compat[] = "vendor,not-ffa";
	b.pkgs[3] = repack(b.pkgs[3], fdt_with(manifest_of(b.pkgs[3]), "/", "compatible", compat,
					       sizeof(compat)));
	CHECK_FALSE(b.pkgs[2].empty());
	b.start_embedded();
	UNSIGNED_LONGS_EQUAL(2, sim_partitions_loaded(S));
	CHECK_TEXT(log_has("compatible"), sim_load_log(S));
	CHECK(answers(ECHO));
	CHECK(answers(KV));
}

/* Two SPs at overlapping addresses: the later one is not started. */
TEST(Loading, OverlappingPartitionsLeaveTheLaterOut)
{
	fw_boot b;
	b.load_pkgs();
	uint64_t addr = cpu_to_fdt64(0x10200000); /* counter-a's load address */
	b.pkgs[3] = repack(b.pkgs[3], fdt_with(manifest_of(b.pkgs[3]), "/", "load-address", &addr,
					       sizeof(addr)));
	b.start_embedded();
	UNSIGNED_LONGS_EQUAL(3, sim_partitions_loaded(S));
	CHECK_TEXT(log_has("overlap"), sim_load_log(S));
	CHECK(answers(COUNTER_A));
	LONGS_EQUAL(FFA_ERROR_32, (uint32_t)ask(COUNTER_B).x[0]);
}

/* An image larger than the memory its partition is given. */
TEST(Loading, ImageLargerThanItsRegionIsRefused)
{
	fw_boot b;
	b.load_pkgs();
	fdt32_t small = cpu_to_fdt32(0x5000); /* image-size: the entry point fits, the image not */
	b.pkgs[3] = repack(b.pkgs[3], fdt_with(manifest_of(b.pkgs[3]), "/", "image-size", &small,
					       sizeof(small)));
	b.start_embedded();
	UNSIGNED_LONGS_EQUAL(3, sim_partitions_loaded(S));
	CHECK_TEXT(log_has("image larger than"), sim_load_log(S));
	CHECK(answers(COUNTER_A));
}

/* Hand-written SPMC manifest and BL2 lists that disagree: the message names
 * both values; the SP BL2 placed elsewhere is not found by the SPMC and is
 * left out; the others boot. */
TEST(Loading, DisagreeingListsNameBothValues)
{
	fw_boot b;
	fdt32_t moved = cpu_to_fdt32(0x10600000);
	b.bl2 = fdt_with(b.bl2, "/secure-partitions/kv-store", "load-address", &moved,
			 sizeof(moved));
	b.start_fip();
	CHECK_TEXT(log_has("0x10100000") && log_has("0x10600000"), sim_load_log(S));
	UNSIGNED_LONGS_EQUAL(3, sim_partitions_loaded(S));
	CHECK(answers(ECHO));
	LONGS_EQUAL(FFA_ERROR_32, (uint32_t)ask(KV).x[0]);
}

/* A corrupt FIP: BL2 places nothing; every SP is missing at its address. */
TEST(Loading, CorruptFipTocIsReported)
{
	fw_boot b;
	b.fip[0] ^= 0x55; /* ToC name */
	b.start_fip();
	UNSIGNED_LONGS_EQUAL(0, sim_partitions_loaded(S));
	CHECK_TEXT(log_has("FIP"), sim_load_log(S));
}

/* A bad SPMC manifest stops boot with a clear message. */
TEST(Loading, BadSpmcManifestStopsBoot)
{
	fw_boot b;
	b.manifest.resize(b.manifest.size() / 2);
	struct sim_config cfg = {};
	char err[512] = "";

	cfg.cpus = 4;
	cfg.quiet = true;
	cfg.spmc_manifest = b.manifest.data();
	cfg.spmc_manifest_size = b.manifest.size();
	cfg.fip = b.fip.data();
	cfg.fip_size = b.fip.size();
	S = sim_create(&cfg, err, sizeof(err));
	CHECK(S == nullptr);
	CHECK_TEXT(strstr(err, "SPMC manifest") != nullptr, err);
	/* and a good one boots in the same process afterwards */
	fw_boot good;
	good.start_fip();
	CHECK(answers(ECHO));
}

/* At scale: 64 SPs from one FIP, each its own image (more than the C
 * library's namespaces), every one initialised and answering. */
TEST(Loading, SixtyFourSpsFromAFip)
{
	std::vector<unsigned char> img;
	{
		FILE *f = fopen(SP_IMAGE_DIR "/counter_sp.so", "rb");
		CHECK(f != nullptr);
		unsigned char buf[8192];
		size_t n;
		while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
			img.insert(img.end(), buf, buf + n);
		fclose(f);
	}
	struct fwgen g;
	CHECK(fwgen_build(&g, 64, img.data(), img.size(), SIM_SEC_DRAM_BASE, 0x80000, 4) == 0);
	struct sim_config cfg = {};
	char err[512];
	cfg.cpus = 4;
	cfg.quiet = true;
	cfg.spmc_manifest = g.spmc_manifest;
	cfg.spmc_manifest_size = g.spmc_manifest_size;
	cfg.fip = g.fip;
	cfg.fip_size = g.fip_size;
	S = sim_create(&cfg, err, sizeof(err));
	CHECK_TEXT(S, err);
	CHECK(sim_start(S) == 0);
	UNSIGNED_LONGS_EQUAL(64, sim_partitions_loaded(S));
	for (ffa_id_t id = 0x8001; id <= 0x8040; id++)
		UNSIGNED_LONGS_EQUAL(1, ask(id).x[3]); /* each counts from its own zero */
	fwgen_free(&g);
}

/* A manifest without a secure ID gets one from the SPMC: the first one no
 * other partition claims. Here counter-a claims 0x8004, which counting from
 * 0x8001 by position would have handed counter-b too (and failed the boot);
 * 0x8003 is the first unclaimed. */
TEST(Loading, AssignedIdsAvoidClaimedOnes)
{
	fw_boot b;
	b.load_pkgs();
	fdt32_t id = cpu_to_fdt32(0x8004);
	b.pkgs[2] = repack(b.pkgs[2], fdt_with(manifest_of(b.pkgs[2]), "/", "id", &id, sizeof(id)));
	bytes m = manifest_of(b.pkgs[3]);
	m.resize(m.size() + 64);
	fdt_open_into(m.data(), m.data(), (int)m.size());
	fdt_delprop(m.data(), 0, "id");
	fdt_pack(m.data());
	m.resize(fdt_totalsize(m.data()));
	b.pkgs[3] = repack(b.pkgs[3], m);
	b.start_embedded();
	UNSIGNED_LONGS_EQUAL(4, sim_partitions_loaded(S));
	UNSIGNED_LONGS_EQUAL(1, ask(0x8004).x[3]); /* counter-a, by its own ID */
	UNSIGNED_LONGS_EQUAL(1, ask(0x8003).x[3]); /* counter-b, assigned the first free one */
}
