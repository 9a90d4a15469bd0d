/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Setup and discovery: FFA_VERSION, FFA_ID_GET, FFA_FEATURES, FFA_RXTX_MAP,
 * FFA_PARTITION_INFO_GET(_REGS), FFA_RX_RELEASE, as the normal world and the
 * partitions use them.
 */
#include "sim_fixture.h"
#include "test_sps.h"

#include <cstring>

using namespace st;

namespace {

/* What PARTITION_INFO_GET reports for the standard system with 4 CPUs. */
constexpr uint32_t ECHO_PROPS = FFA_PROP_DIRECT_REQ_RECV | FFA_PROP_DIRECT_REQ2_RECV |
				FFA_PROP_AARCH64;
constexpr uint32_t KV_PROPS = FFA_PROP_DIRECT_REQ_RECV | FFA_PROP_DIRECT_REQ_SEND |
			      FFA_PROP_AARCH64;

/* Calls `fid` from the normal world with arguments that cannot change much:
 * zeros, except where zero would itself be refused for being zero, and
 * FFA_VERSION asks for the version already negotiated. */
ffa_value call_harmlessly(uint32_t fid, uint32_t version)
{
	if (fid == FFA_VERSION_32)
		return nwd(regs(fid, version));
	if (fid == FFA_FEATURES_32)
		return nwd(regs(fid, FFA_ID_GET_32));
	return nwd(regs(fid));
}

bool not_supported(uint32_t fid, const ffa_value &r)
{
	if (fid == FFA_VERSION_32) /* FFA_VERSION fails in w0 itself */
		return (int32_t)(uint32_t)r.x[0] == FFA_RET_NOT_SUPPORTED;
	return ffa_is_error(&r) && ffa_error_code(&r) == FFA_RET_NOT_SUPPORTED;
}

/* For every FF-A function number 0x60..0x97 in SMC32 and SMC64 form, the
 * FEATURES answer must match what calling it does; returns the mismatches and
 * collects the supported IDs. */
std::string features_mismatches(std::vector<uint32_t> &supported, uint32_t version)
{
	std::string bad;

	for (uint32_t fn = 0x60; fn <= 0x97; fn++) {
		for (uint32_t fid : {FFA_SMC32(fn), FFA_SMC64(fn)}) {
			/* FFA_MEM_RETRIEVE_REQ takes an input property: a v1.1+
			 * caller states it handles the NS bit (memory management
			 * supplement, table 3.1). */
			bool retrieve = fn == 0x74;
			ffa_value f = retrieve ? nwd(regs(FFA_FEATURES_32, fid,
							  FFA_FEATURES_MEM_RETRIEVE_NS))
					       : ffa_features(nwd, fid);
			bool says = ffa_is_success(&f);

			if (!says && !(ffa_is_error(&f) && ffa_error_code(&f) == FFA_RET_NOT_SUPPORTED))
				bad += "\n\tFEATURES(" + std::string(HexStringFrom(fid).asCharString()) +
				       ") answered " + describe(f);
			if (says)
				supported.push_back(fid);
			/* FFA_SUCCESS, FFA_ERROR and FFA_MEM_RETRIEVE_RESP are only
			 * ever results (of calls and of SP initialisation): nothing
			 * to call. */
			if (fn == 0x60 || fn == 0x61 || fn == 0x75)
				continue;
			ffa_value r = call_harmlessly(fid, version);
			bool works = !not_supported(fid, r);

			if (says != works) {
				const char *name = ffa_func_name(fid);

				bad += "\n\t" + std::string(name ? name : HexStringFrom(fid).asCharString()) +
				       ": FEATURES says " + (says ? "SUCCESS" : "NOT_SUPPORTED") +
				       ", the call returned " + describe(r);
			}
		}
	}
	return bad;
}

bool has(const std::vector<uint32_t> &v, uint32_t x)
{
	for (uint32_t y : v)
		if (y == x)
			return true;
	return false;
}

} // namespace

TEST_GROUP(SetupDiscovery)
{
	Sim sim;

	void teardown() override
	{
		sim.stop();
	}

	void map_nwd_buffers()
	{
		CHECK_FFA_SUCCESS(ffa_rxtx_map(nwd, NWD_TX, NWD_RX, 1));
	}

	const ffa_partition_info_v1_1 *rx_desc(unsigned i)
	{
		return static_cast<const ffa_partition_info_v1_1 *>(sim.nwd_ptr(NWD_RX)) + i;
	}
};

// DEN0077 FFA_VERSION/FFA_ID_GET/FFA_FEATURES/FFA_RXTX_MAP/FFA_PARTITION_INFO_GET/FFA_RX_RELEASE: the Linux driver probe sequence succeeds and the v1.1+ descriptors in the caller's RX buffer describe every SP
TEST(SetupDiscovery, LinuxDriverProbeSequence)
{
	sim.standard().start();

	ffa_value r = ffa_version(nwd, FFA_VERSION_1_2);
	CHECK_REG(SPMC_FFA_VERSION, r.x[0]);
	CHECK_REG(FFA_VERSION_1_2, spmc_endpoint_version(sim.core(), FFA_ID_NWD_NO_HYP));

	r = ffa_id_get(nwd);
	CHECK_FFA_SUCCESS(r);
	CHECK_REG(FFA_ID_NWD_NO_HYP, r.x[2]);

	r = ffa_features(nwd, FFA_RXTX_MAP_64);
	CHECK_FFA_SUCCESS(r);
	/* [1:0] 4 KiB minimum buffer; [31:16] (v1.2) a maximum page count. */
	CHECK_REG(FFA_FEATURES_RXTX_MIN_4K, r.x[2] & 3);
	CHECK_TRUE((r.x[2] >> 16) >= 1);

	map_nwd_buffers();
	r = ffa_partition_info_get(nwd, NIL_UUID, 0);
	CHECK_FFA_SUCCESS(r);
	CHECK_REG(2, r.x[2]);
	CHECK_REG(sizeof(ffa_partition_info_v1_1), r.x[3]);
	CHECK_TRUE(spmc_rx_owned_by_endpoint(sim.core(), FFA_ID_NWD_NO_HYP));

	/* Descriptors are in ascending ID order here: echo, then kv. */
	const ffa_partition_info_v1_1 *echo = rx_desc(0), *kv = rx_desc(1);
	CHECK_REG(ECHO_ID, echo->id);
	CHECK_REG(4, echo->exec_ctx_count);
	CHECK_REG(ECHO_PROPS, echo->properties);
	MEMCMP_EQUAL(ECHO_UUID, echo->uuid, sizeof(echo->uuid));
	CHECK_REG(KV_ID, kv->id);
	CHECK_REG(1, kv->exec_ctx_count);
	CHECK_REG(KV_PROPS, kv->properties);
	MEMCMP_EQUAL(KV_UUID, kv->uuid, sizeof(kv->uuid));

	CHECK_FFA_SUCCESS(ffa_rx_release(nwd));
	CHECK_FALSE(spmc_rx_owned_by_endpoint(sim.core(), FFA_ID_NWD_NO_HYP));
}

// DEN0077 FFA_PARTITION_INFO_GET: a UUID selects the partitions that implement it
TEST(SetupDiscovery, PartitionInfoGetByUuid)
{
	sim.standard().start();
	ffa_version(nwd, FFA_VERSION_1_2);
	map_nwd_buffers();

	ffa_value r = ffa_partition_info_get(nwd, KV_UUID, 0);
	CHECK_FFA_SUCCESS(r);
	CHECK_REG(1, r.x[2]);
	CHECK_REG(KV_ID, rx_desc(0)->id);
	MEMCMP_EQUAL(KV_UUID, rx_desc(0)->uuid, sizeof(KV_UUID));
	CHECK_FFA_SUCCESS(ffa_rx_release(nwd));
}

// DEN0077 FFA_PARTITION_INFO_GET: a UUID no partition implements -> INVALID_PARAMETERS, RX buffer untouched
TEST(SetupDiscovery, PartitionInfoGetUnknownUuidIsInvalid)
{
	sim.standard().start();
	ffa_version(nwd, FFA_VERSION_1_2);
	map_nwd_buffers();
	const uint32_t unknown[4] = {1, 2, 3, 4};
	Snapshot before = sim.snapshot();

	CHECK_FFA_ERROR(ffa_partition_info_get(nwd, unknown, 0), FFA_RET_INVALID_PARAMETERS);
	CHECK_STATE_UNCHANGED(sim, before);
}

// DEN0077 FFA_VERSION: a v1.0 caller gets 8-byte v1.0 descriptors (ID, context count, properties [2:0]) and w3 MBZ
TEST(SetupDiscovery, Version10CallerGetsV10Descriptors)
{
	sim.standard().start();

	ffa_value r = ffa_version(nwd, FFA_VERSION_1_0);
	CHECK_REG(SPMC_FFA_VERSION, r.x[0]); /* the callee reports its own version */
	CHECK_REG(FFA_VERSION_1_0, spmc_endpoint_version(sim.core(), FFA_ID_NWD_NO_HYP));
	map_nwd_buffers();

	/* Poison the buffer so that bytes beyond 2 * 8 show whether more was written. */
	std::memset(sim.nwd_ptr(NWD_RX), 0xa5, 64);
	r = ffa_partition_info_get(nwd, NIL_UUID, 0);
	CHECK_FFA_SUCCESS(r);
	CHECK_REG(2, r.x[2]);
	CHECK_REG(0, r.x[3]);

	const ffa_partition_info_v1_0 *d = static_cast<const ffa_partition_info_v1_0 *>(
		sim.nwd_ptr(NWD_RX));
	CHECK_REG(ECHO_ID, d[0].id);
	CHECK_REG(4, d[0].exec_ctx_count);
	CHECK_REG(ECHO_PROPS & FFA_PROP_V1_0_MASK, d[0].properties);
	CHECK_REG(KV_ID, d[1].id);
	CHECK_REG(1, d[1].exec_ctx_count);
	CHECK_REG(KV_PROPS & FFA_PROP_V1_0_MASK, d[1].properties);
	const uint8_t *after = static_cast<const uint8_t *>(sim.nwd_ptr(NWD_RX)) + 16;
	for (int i = 0; i < 16; i++)
		CHECK_REG(0xa5, after[i]);
	CHECK_FFA_SUCCESS(ffa_rx_release(nwd));
}

// DEN0077 FFA_VERSION: a partition that negotiates v1.0 is served v1.0 layouts (8-byte descriptors) while others keep theirs
TEST(SetupDiscovery, PartitionNegotiatingVersion10)
{
	tsp::Ctl ctl;
	sim.add(make_sp("v10", 0x8003, tsp::v10_main, FFA_PROP_DIRECT_REQ_RECV, 1, 0, &ctl))
		.standard()
		.start();

	CHECK_REG(FFA_VERSION_1_0, spmc_endpoint_version(sim.core(), 0x8003));
	CHECK_REG(SPMC_FFA_VERSION, spmc_endpoint_version(sim.core(), KV_ID));
	CHECK_REG(SPMC_FFA_VERSION, ctl.of(tsp::EV_VERSION).at(0).x[0]);
	CHECK_REG(FFA_SUCCESS_32, ctl.of(tsp::EV_MAP).at(0).x[0]);
	tsp::Event info = ctl.of(tsp::EV_INFO).at(0);
	CHECK_REG(FFA_SUCCESS_32, info.x[0]);
	CHECK_REG(3, info.x[2]);
	CHECK_REG(0, info.x[3]);
	ffa_partition_info_v1_0 d[3];
	std::memcpy(d, ctl.rx, sizeof(d));
	CHECK_REG(ECHO_ID, d[0].id);
	CHECK_REG(KV_ID, d[1].id);
	CHECK_REG(0x8003, d[2].id);
	CHECK_REG(FFA_PROP_DIRECT_REQ_RECV, d[2].properties);
	CHECK_REG(FFA_SUCCESS_32, ctl.of(tsp::EV_RELEASE).at(0).x[0]);
	/* The count-only flag is a v1.1 addition: for a v1.0 caller w5 is MBZ. */
	tsp::Event count = ctl.of(tsp::EV_COUNT).at(0);
	CHECK_REG(FFA_ERROR_32, count.x[0]);
	CHECK_REG((uint32_t)FFA_RET_INVALID_PARAMETERS, count.x[2]);

	/* And it still serves requests. */
	ffa_value r = ffa_direct_req(nwd, 0, 0x8003, 7, 8, 9, 10, 11);
	CHECK_FFA_FUNC(r, FFA_MSG_SEND_DIRECT_RESP_64);
	CHECK_REG(7, r.x[3]);
}

// DEN0077 FFA_PARTITION_INFO_GET: w5 bit 0 (v1.1) returns only the count, and does not write or take the RX buffer
TEST(SetupDiscovery, CountOnlyFlag)
{
	sim.standard().start();
	ffa_version(nwd, FFA_VERSION_1_2);

	/* No RX buffer is needed for the count. */
	ffa_value r = ffa_partition_info_get(nwd, NIL_UUID, FFA_PARTITION_INFO_GET_COUNT_ONLY);
	CHECK_FFA_SUCCESS(r);
	CHECK_REG(2, r.x[2]);

	map_nwd_buffers();
	std::memset(sim.nwd_ptr(NWD_RX), 0x5a, 64);
	r = ffa_partition_info_get(nwd, ECHO_UUID, FFA_PARTITION_INFO_GET_COUNT_ONLY);
	CHECK_FFA_SUCCESS(r);
	CHECK_REG(1, r.x[2]);
	CHECK_FALSE(spmc_rx_owned_by_endpoint(sim.core(), FFA_ID_NWD_NO_HYP));
	CHECK_REG(0x5a, *static_cast<uint8_t *>(sim.nwd_ptr(NWD_RX)));
	/* The buffer is still free for the SPMC to fill. */
	CHECK_FFA_SUCCESS(ffa_partition_info_get(nwd, NIL_UUID, 0));
}

// DEN0077 FFA_PARTITION_INFO_GET: flag bits other than bit 0 are reserved -> INVALID_PARAMETERS
TEST(SetupDiscovery, ReservedFlagsAreInvalid)
{
	sim.standard().start();
	ffa_version(nwd, FFA_VERSION_1_2);
	map_nwd_buffers();
	Snapshot before = sim.snapshot();

	CHECK_FFA_ERROR(ffa_partition_info_get(nwd, NIL_UUID, 2), FFA_RET_INVALID_PARAMETERS);
	CHECK_STATE_UNCHANGED(sim, before);
}

// DEN0077 FFA_PARTITION_INFO_GET_REGS: descriptors in x3..x17 (3 registers each), x2 = last index, current index, tag, descriptor size
TEST(SetupDiscovery, PartitionInfoGetRegs)
{
	sim.standard().start();
	ffa_version(nwd, FFA_VERSION_1_2);

	ffa_value r = nwd(regs(FFA_PARTITION_INFO_GET_REGS_64, 0, 0, 0));
	CHECK_FFA_FUNC(r, FFA_SUCCESS_64);
	CHECK_REG(ffa_pigr_pack_x2(1, 1, 0, sizeof(ffa_partition_info_v1_1)), r.x[2]);
	CHECK_REG(ECHO_ID | (4ull << 16) | ((uint64_t)ECHO_PROPS << 32), r.x[3]);
	CHECK_REG(uuid_lo(ECHO_UUID), r.x[4]);
	CHECK_REG(uuid_hi(ECHO_UUID), r.x[5]);
	CHECK_REG(KV_ID | (1ull << 16) | ((uint64_t)KV_PROPS << 32), r.x[6]);
	CHECK_REG(uuid_lo(KV_UUID), r.x[7]);
	CHECK_REG(uuid_hi(KV_UUID), r.x[8]);
	for (int i = 9; i < FFA_NREGS; i++)
		CHECK_REG(0, r.x[i]);
	/* It uses no RX buffer. */
	CHECK_FALSE(spmc_rx_owned_by_endpoint(sim.core(), FFA_ID_NWD_NO_HYP));

	/* Starting at index 1 returns just the second. */
	r = nwd(regs(FFA_PARTITION_INFO_GET_REGS_64, 0, 0, 1));
	CHECK_FFA_FUNC(r, FFA_SUCCESS_64);
	CHECK_REG(ffa_pigr_pack_x2(1, 1, 0, sizeof(ffa_partition_info_v1_1)), r.x[2]);
	CHECK_REG(KV_ID | (1ull << 16) | ((uint64_t)KV_PROPS << 32), r.x[3]);
	CHECK_REG(0, r.x[6]);

	/* By UUID. */
	r = nwd(regs(FFA_PARTITION_INFO_GET_REGS_64, uuid_lo(KV_UUID), uuid_hi(KV_UUID), 0));
	CHECK_FFA_FUNC(r, FFA_SUCCESS_64);
	CHECK_REG(ffa_pigr_pack_x2(0, 0, 0, sizeof(ffa_partition_info_v1_1)), r.x[2]);
	CHECK_REG(KV_ID | (1ull << 16) | ((uint64_t)KV_PROPS << 32), r.x[3]);
}

// DEN0077 FFA_PARTITION_INFO_GET_REGS: a start index past the last partition, or a UUID nobody implements -> INVALID_PARAMETERS
TEST(SetupDiscovery, PartitionInfoGetRegsErrors)
{
	sim.standard().start();
	ffa_version(nwd, FFA_VERSION_1_2);
	Snapshot before = sim.snapshot();

	CHECK_FFA_ERROR(nwd(regs(FFA_PARTITION_INFO_GET_REGS_64, 0, 0, 2)),
			FFA_RET_INVALID_PARAMETERS);
	CHECK_FFA_ERROR(nwd(regs(FFA_PARTITION_INFO_GET_REGS_64, 0x1111, 0x2222, 0)),
			FFA_RET_INVALID_PARAMETERS);
	CHECK_STATE_UNCHANGED(sim, before);
}

// DEN0077 FFA_PARTITION_INFO_GET_REGS: a v1.2 ABI; a caller that negotiated v1.0 gets NOT_SUPPORTED
TEST(SetupDiscovery, PartitionInfoGetRegsNeedsVersion12)
{
	sim.standard().start();
	ffa_version(nwd, FFA_VERSION_1_0);

	CHECK_FFA_ERROR(nwd(regs(FFA_PARTITION_INFO_GET_REGS_64)), FFA_RET_NOT_SUPPORTED);
	CHECK_FFA_ERROR(ffa_features(nwd, FFA_PARTITION_INFO_GET_REGS_64), FFA_RET_NOT_SUPPORTED);
}

// DEN0077 FFA_PARTITION_INFO_GET: the caller owns its RX buffer until FFA_RX_RELEASE; another call meanwhile -> BUSY
TEST(SetupDiscovery, RxBufferOwnership)
{
	sim.standard().start();
	ffa_version(nwd, FFA_VERSION_1_2);
	map_nwd_buffers();
	CHECK_FFA_SUCCESS(ffa_partition_info_get(nwd, NIL_UUID, 0));
	CHECK_TRUE(spmc_rx_owned_by_endpoint(sim.core(), FFA_ID_NWD_NO_HYP));

	/* The SPMC must not overwrite what the caller may still be reading. */
	std::memset(sim.nwd_ptr(NWD_RX), 0x77, 64);
	Snapshot before = sim.snapshot();
	CHECK_FFA_ERROR(ffa_partition_info_get(nwd, NIL_UUID, 0), FFA_RET_BUSY);
	CHECK_STATE_UNCHANGED(sim, before);
	CHECK_REG(0x77, *static_cast<uint8_t *>(sim.nwd_ptr(NWD_RX)));

	CHECK_FFA_SUCCESS(ffa_rx_release(nwd));
	CHECK_FALSE(spmc_rx_owned_by_endpoint(sim.core(), FFA_ID_NWD_NO_HYP));
	CHECK_FFA_SUCCESS(ffa_partition_info_get(nwd, NIL_UUID, 0));
	CHECK_REG(ECHO_ID, rx_desc(0)->id);
}

// DEN0077 FFA_RX_RELEASE: releasing a buffer the caller does not own -> DENIED
TEST(SetupDiscovery, RxReleaseWithoutOwnershipIsDenied)
{
	sim.standard().start();
	ffa_version(nwd, FFA_VERSION_1_2);
	CHECK_FFA_ERROR(ffa_rx_release(nwd), FFA_RET_DENIED); /* nothing mapped */
	map_nwd_buffers();
	Snapshot before = sim.snapshot();
	CHECK_FFA_ERROR(ffa_rx_release(nwd), FFA_RET_DENIED); /* mapped, owned by the SPMC */
	CHECK_STATE_UNCHANGED(sim, before);
}

// DEN0077 FFA_RXTX_MAP: buffers the normal world names in secure memory -> INVALID_PARAMETERS, nothing mapped
TEST(SetupDiscovery, RxtxMapOfSecureMemoryFromNwdIsInvalid)
{
	sim.standard().start();
	ffa_version(nwd, FFA_VERSION_1_2);
	Snapshot before = sim.snapshot();

	CHECK_FFA_ERROR(ffa_rxtx_map(nwd, SIM_SEC_DRAM_BASE, SIM_SEC_DRAM_BASE + FFA_PAGE_SIZE, 1),
			FFA_RET_INVALID_PARAMETERS);
	/* One buffer secure, one not: still refused as a whole. */
	CHECK_FFA_ERROR(ffa_rxtx_map(nwd, NWD_TX, SIM_SEC_DRAM_BASE, 1), FFA_RET_INVALID_PARAMETERS);
	CHECK_FFA_ERROR(ffa_rxtx_map(nwd, SIM_SEC_DRAM_BASE, NWD_RX, 1), FFA_RET_INVALID_PARAMETERS);
	CHECK_STATE_UNCHANGED(sim, before);

	/* Nothing was half-mapped: discovery still finds no RX buffer, and a
	 * valid map is not refused as a second one. */
	CHECK_FFA_ERROR(ffa_partition_info_get(nwd, NIL_UUID, 0), FFA_RET_BUSY);
	map_nwd_buffers();
}

// DEN0077 FFA_FEATURES/FFA_RXTX_MAP: the maximum buffer size FEATURES reports (v1.2, [31:16]) is accepted, one page more is refused
TEST(SetupDiscovery, RxtxMapMaximumMatchesFeatures)
{
	sim.standard().start();
	ffa_version(nwd, FFA_VERSION_1_2);
	ffa_value f = ffa_features(nwd, FFA_RXTX_MAP_64);
	CHECK_FFA_SUCCESS(f);
	uint32_t max = (uint32_t)(f.x[2] >> 16);
	uint64_t rx = NWD_TX + (uint64_t)(max + 1) * FFA_PAGE_SIZE;
	Snapshot before = sim.snapshot();

	CHECK_FFA_ERROR(ffa_rxtx_map(nwd, NWD_TX, rx, max + 1), FFA_RET_INVALID_PARAMETERS);
	CHECK_STATE_UNCHANGED(sim, before);
	CHECK_FFA_SUCCESS(ffa_rxtx_map(nwd, NWD_TX, rx, max));
}

// DEN0077 FFA_RXTX_MAP: overlapping buffers, zero pages, or a second map -> INVALID_PARAMETERS / DENIED
TEST(SetupDiscovery, RxtxMapErrors)
{
	sim.standard().start();
	ffa_version(nwd, FFA_VERSION_1_2);
	Snapshot before = sim.snapshot();

	CHECK_FFA_ERROR(ffa_rxtx_map(nwd, NWD_TX, NWD_TX, 1), FFA_RET_INVALID_PARAMETERS);
	CHECK_FFA_ERROR(ffa_rxtx_map(nwd, NWD_TX, NWD_RX, 0), FFA_RET_INVALID_PARAMETERS);
	CHECK_FFA_ERROR(ffa_rxtx_map(nwd, NWD_TX + 8, NWD_RX, 1), FFA_RET_INVALID_PARAMETERS);
	CHECK_STATE_UNCHANGED(sim, before);

	map_nwd_buffers();
	before = sim.snapshot();
	CHECK_FFA_ERROR(ffa_rxtx_map(nwd, NWD_TX + 0x10000, NWD_RX + 0x10000, 1), FFA_RET_DENIED);
	CHECK_STATE_UNCHANGED(sim, before);
}

// DEN0077 FFA_PARTITION_INFO_GET: an SP discovers its peers at boot (kv found echo by UUID and reaches it)
TEST(SetupDiscovery, SpSideDiscoveryAtBoot)
{
	sim.standard().start();

	ffa_value r = ffa_direct_req(nwd, 0, KV_ID, KV_PING_PEER, 0x1234, 0, 0, 0);
	CHECK_FFA_FUNC(r, FFA_MSG_SEND_DIRECT_RESP_64);
	CHECK_REG(KV_OK, r.x[3]);
	CHECK_REG(0x1234, r.x[4]);
	/* kv released its RX buffer after reading it. */
	CHECK_FALSE(spmc_rx_owned_by_endpoint(sim.core(), KV_ID));
	STRCMP_CONTAINS("[SP 0x8002] kv: ready", sim.console().c_str());
}

// DEN0077 FFA_ID_GET / FFA_SPM_ID_GET: the caller's own ID, and the SPMC's ID from its manifest
TEST(SetupDiscovery, IdGetAndSpmIdGet)
{
	sim.standard().start();
	ffa_version(nwd, FFA_VERSION_1_2);

	ffa_value r = ffa_id_get(nwd);
	CHECK_FFA_SUCCESS(r);
	CHECK_REG(FFA_ID_NWD_NO_HYP, r.x[2]);
	r = ffa_spm_id_get(nwd);
	CHECK_FFA_SUCCESS(r);
	CHECK_REG(SIM_SPMC_ID, r.x[2]);
}

// DEN0077 FFA_VERSION: a different major version, or bit 31 set -> NOT_SUPPORTED in w0, negotiated version unchanged
TEST(SetupDiscovery, IncompatibleVersionIsNotSupported)
{
	sim.standard().start();
	ffa_version(nwd, FFA_VERSION_1_2);

	CHECK_REG((uint32_t)FFA_RET_NOT_SUPPORTED, ffa_version(nwd, FFA_VERSION_MAKE(2, 0)).x[0]);
	CHECK_REG((uint32_t)FFA_RET_NOT_SUPPORTED, ffa_version(nwd, 0x80010002u).x[0]);
	CHECK_REG(FFA_VERSION_1_2, spmc_endpoint_version(sim.core(), FFA_ID_NWD_NO_HYP));
}

// DEN0077 FFA_FEATURES feature IDs (bit 31 clear): the normal world learns the schedule receiver interrupt's ID (feature 2); the partitions' interrupts (1, 3) and unknown IDs are NOT_SUPPORTED to it
TEST(SetupDiscovery, FeatureIdsForTheNormalWorld)
{
	sim.standard().start();
	ffa_version(nwd, FFA_VERSION_1_2);

	CHECK_FFA_ERROR(ffa_features(nwd, FFA_FEATURE_NPI), FFA_RET_NOT_SUPPORTED);
	ffa_value r = ffa_features(nwd, FFA_FEATURE_SRI);
	CHECK_FFA_SUCCESS(r);
	CHECK_REG(SPMC_SRI_INTID, r.x[2]);
	CHECK_FFA_ERROR(ffa_features(nwd, FFA_FEATURE_MEI), FFA_RET_NOT_SUPPORTED);
	CHECK_FFA_ERROR(ffa_features(nwd, 4), FFA_RET_NOT_SUPPORTED);
}

// DEN0077 FFA_FEATURES: for every function ID 0x60..0x97 (SMC32 and SMC64) at v1.2, SUCCESS iff calling it does not return NOT_SUPPORTED
TEST(SetupDiscovery, FeaturesMatchDispatcherAtVersion12)
{
	sim.standard().start();
	ffa_version(nwd, FFA_VERSION_1_2);

	std::vector<uint32_t> supported;
	std::string bad = features_mismatches(supported, FFA_VERSION_1_2);
	if (!bad.empty())
		FAIL(bad.c_str());
	/* What a v1.2 normal world can rely on here. */
	for (uint32_t fid : {FFA_VERSION_32, FFA_FEATURES_32, FFA_RX_RELEASE_32, FFA_RXTX_MAP_32,
			     FFA_RXTX_MAP_64, FFA_RXTX_UNMAP_32, FFA_PARTITION_INFO_GET_32,
			     FFA_ID_GET_32, FFA_RUN_32, FFA_MSG_SEND_DIRECT_REQ_32,
			     FFA_MSG_SEND_DIRECT_REQ_64, FFA_SPM_ID_GET_32,
			     FFA_PARTITION_INFO_GET_REGS_64, FFA_MSG_SEND_DIRECT_REQ2_64})
		CHECK_TEXT(has(supported, fid), ffa_func_name(fid));
	/* Partition-only ABIs are not offered to the normal world. */
	for (uint32_t fid : {FFA_MSG_WAIT_32, FFA_YIELD_32, FFA_MSG_SEND_DIRECT_RESP_64,
			     FFA_MSG_SEND_DIRECT_RESP2_64, FFA_CONSOLE_LOG_64})
		CHECK_TEXT(!has(supported, fid), ffa_func_name(fid));
}

// DEN0077 FFA_FEATURES: at v1.0 the same consistency holds and v1.1/v1.2 ABIs are not offered
TEST(SetupDiscovery, FeaturesMatchDispatcherAtVersion10)
{
	sim.standard().start();
	ffa_version(nwd, FFA_VERSION_1_0);

	std::vector<uint32_t> supported;
	std::string bad = features_mismatches(supported, FFA_VERSION_1_0);
	if (!bad.empty())
		FAIL(bad.c_str());
	for (uint32_t fid : {FFA_SPM_ID_GET_32, FFA_RX_ACQUIRE_32, FFA_PARTITION_INFO_GET_REGS_64,
			     FFA_MSG_SEND_DIRECT_REQ2_64})
		CHECK_TEXT(!has(supported, fid), ffa_func_name(fid));
	CHECK_TRUE(has(supported, FFA_MSG_SEND_DIRECT_REQ_64));
}

// DEN0077 FFA_FEATURES: RXTX_MAP properties at v1.0 carry only the minimum buffer size ([31:16] is a v1.2 field)
TEST(SetupDiscovery, FeaturesRxtxMapPropertiesAtVersion10)
{
	sim.standard().start();
	ffa_version(nwd, FFA_VERSION_1_0);

	ffa_value r = ffa_features(nwd, FFA_RXTX_MAP_32);
	CHECK_FFA_SUCCESS(r);
	CHECK_REG(FFA_FEATURES_RXTX_MIN_4K, r.x[2]);
}
