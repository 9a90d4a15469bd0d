/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Partition images: SPs loaded from shared-object bytes (as they sit in a
 * package), each into a namespace of its own, so each has its own globals.
 */
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include <ffa/ffa.h>

#include "example_sps.h"
#include "sim.h"

#include <CppUTest/TestHarness.h>

static struct sim *S;
static struct ffa_value call(struct ffa_value in) { return sim_call(S, in); }

static std::vector<unsigned char> read_image(const char *name)
{
	std::string path = std::string(SP_IMAGE_DIR) + "/" + name;
	std::vector<unsigned char> v;
	FILE *f = fopen(path.c_str(), "rb");

	if (!f)
		return v;
	unsigned char buf[4096];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		v.insert(v.end(), buf, buf + n);
	fclose(f);
	return v;
}

static struct sim_sp image_sp(const char *name, ffa_id_t id, const std::vector<unsigned char> &img,
			      uint16_t ecs = 1)
{
	struct sim_sp sp = {};
	sp.name = name;
	sp.id = id;
	sp.ec_count = ecs;
	sp.properties = FFA_PROP_DIRECT_REQ_RECV;
	sp.image = img.data();
	sp.image_size = img.size();
	return sp;
}

static struct ffa_value ask(ffa_id_t id)
{
	return ffa_direct_req(call, 0, id, 0, 0, 0, 0, 0);
}

TEST_GROUP(Images)
{
	void teardown() override
	{
		sim_destroy(S);
		S = nullptr;
	}
};

/* Two partitions built from one image count separately: each image load has
 * its own globals, as separately loaded images do on hardware. */
TEST(Images, TwoSpsFromOneImageDoNotShareGlobals)
{
	std::vector<unsigned char> img = read_image("counter_sp.so");
	CHECK_FALSE(img.empty());
	struct sim_sp sps[] = {image_sp("count-a", 0x8001, img), image_sp("count-b", 0x8002, img)};
	struct sim_config cfg = {};
	cfg.cpus = 1;
	cfg.sps = sps;
	cfg.sp_count = 2;
	char err[256];

	S = sim_create(&cfg, err, sizeof(err));
	CHECK_TEXT(S, err);
	CHECK(sim_start(S) == 0);
	for (uint64_t i = 1; i <= 3; i++) {
		struct ffa_value r = ask(0x8001);
		LONGS_EQUAL(FFA_MSG_SEND_DIRECT_RESP_64, (uint32_t)r.x[0]);
		UNSIGNED_LONGS_EQUAL(i, r.x[3]);
	}
	struct ffa_value a = ask(0x8001), b = ask(0x8002);
	UNSIGNED_LONGS_EQUAL(4, a.x[3]);
	UNSIGNED_LONGS_EQUAL(1, b.x[3]); /* not 5: its own counter */
	CHECK(a.x[4] != b.x[4]);         /* and at its own address */
}

/* An MP partition is one image: its per-CPU contexts share its globals. */
static void nwd_ask_counter(const struct sim_env *env)
{
	struct ffa_value r = ffa_direct_req(env->ffa_call, 0, 0x8001, 0, 0, 0, 0, 0);
	*(uint64_t *)env->user = r.x[3];
}

TEST(Images, MpContextsShareTheirImagesGlobals)
{
	std::vector<unsigned char> img = read_image("counter_sp.so");
	struct sim_sp sps[] = {image_sp("count-mp", 0x8001, img, 2)};
	struct sim_config cfg = {};
	cfg.cpus = 2;
	cfg.sps = sps;
	cfg.sp_count = 1;
	char err[256];
	uint64_t seen_on_cpu1 = 0;

	S = sim_create(&cfg, err, sizeof(err));
	CHECK_TEXT(S, err);
	CHECK(sim_start(S) == 0);
	UNSIGNED_LONGS_EQUAL(1, ask(0x8001).x[3]); /* context 0, on CPU 0 */
	CHECK(sim_run_nwd(S, 1, nwd_ask_counter, &seen_on_cpu1) == 0);
	sim_wait_idle(S);
	UNSIGNED_LONGS_EQUAL(2, seen_on_cpu1);     /* context 1, same counter */
}

/* More partitions than the C library has namespaces: every one still gets its
 * own globals (a private copy once namespaces run out). */
TEST(Images, ManyImagesEachHaveTheirOwnGlobals)
{
	std::vector<unsigned char> img = read_image("counter_sp.so");
	std::vector<struct sim_sp> sps;
	std::vector<std::string> names;
	const unsigned n = 24;

	names.reserve(n);
	for (unsigned i = 0; i < n; i++) {
		names.push_back("count-" + std::to_string(i));
		sps.push_back(image_sp(names.back().c_str(), (ffa_id_t)(0x8001 + i), img));
		sps.back().mem_pages = 4;
	}
	struct sim_config cfg = {};
	cfg.cpus = 1;
	cfg.sps = sps.data();
	cfg.sp_count = n;
	char err[256];

	S = sim_create(&cfg, err, sizeof(err));
	CHECK_TEXT(S, err);
	CHECK(sim_start(S) == 0);
	ask(0x8001);
	for (unsigned i = 1; i < n; i++)
		UNSIGNED_LONGS_EQUAL(1, ask((ffa_id_t)(0x8001 + i)).x[3]);
	UNSIGNED_LONGS_EQUAL(2, ask(0x8001).x[3]);
}

/* An image that is not a shared object is refused at creation, naming the SP. */
TEST(Images, NotAnImageIsRefusedWithItsName)
{
	static const unsigned char junk[] = "definitely not an ELF file";
	struct sim_sp sp = {};
	sp.name = "junk-sp";
	sp.id = 0x8001;
	sp.ec_count = 1;
	sp.image = junk;
	sp.image_size = sizeof(junk);
	struct sim_config cfg = {};
	cfg.cpus = 1;
	cfg.sps = &sp;
	cfg.sp_count = 1;
	char err[256] = "";

	S = sim_create(&cfg, err, sizeof(err));
	CHECK(S == nullptr);
	CHECK_TEXT(strstr(err, "junk-sp") != nullptr, err);
}

/* A truncated image fails to load, with a message, and nothing is left behind. */
TEST(Images, TruncatedImageIsRefused)
{
	std::vector<unsigned char> img = read_image("echo_sp.so");
	img.resize(img.size() / 3);
	struct sim_sp sp = image_sp("cut-sp", 0x8001, img);
	struct sim_config cfg = {};
	cfg.cpus = 1;
	cfg.sps = &sp;
	cfg.sp_count = 1;
	char err[256] = "";

	S = sim_create(&cfg, err, sizeof(err));
	CHECK(S == nullptr);
	CHECK_TEXT(strstr(err, "cut-sp") != nullptr, err);
	/* and the next simulator can be created */
	std::vector<unsigned char> ok = read_image("echo_sp.so");
	struct sim_sp sp2 = image_sp("echo", 0x8001, ok);
	cfg.sps = &sp2;
	S = sim_create(&cfg, err, sizeof(err));
	CHECK_TEXT(S, err);
	CHECK(sim_start(S) == 0);
	LONGS_EQUAL(FFA_MSG_SEND_DIRECT_RESP_64, (uint32_t)ask(0x8001).x[0]);
}
