/* SPDX-License-Identifier: BSD-3-Clause */
/* The rest of the HAL for the simulator: CPUs, contexts, cost accounting, console. */
#include "sim_internal.h"

uint32_t hal_cpu_count(void)
{
	return sim_current ? sim_current->ncpu : 0;
}

void *hal_ec_init(const struct hal_ec_init *init)
{
	return sim_current ? sim_thread_new(sim_current, init) : NULL;
}

const void *hal_image_load(const struct hal_image_load *req, uint64_t *entry, const char **why)
{
	static __thread char msg[256];
	struct sim *s = sim_current;
	struct sim_image *img;
	const struct sim_code *code;

	*why = "no simulator";
	if (!s)
		return NULL;
	img = sim_image_load(req->image, req->image_size, req->name ? req->name : "sp", msg,
			     sizeof(msg));
	*why = msg;
	if (!img)
		return NULL;
	code = sim_code_new(s, NULL, img, NULL);
	if (!code) {
		sim_image_unload(img);
		*why = "out of memory";
		return NULL;
	}
	/* The partition's code runs on the host: its "entry point" is the image's
	 * entry symbol, reached through the handle, not an address in its memory. */
	*entry = req->load_addr + req->entry_offset;
	return code;
}

void hal_work(enum hal_work kind, uint64_t count)
{
	struct sim *s = sim_current;
	uint64_t c;

	if (!s || !s->started || s->call_measured)
		return; /* work done before boot is not on any CPU's clock; a
			 * measured handler's is in its count */
	if (kind == HAL_WORK_BYTES_COPIED)
		c = count * s->prof->milli_per_byte / 1000;
	else
		c = count * s->prof->per_page_map;
	s->cpus[s->cur_cpu].cycles += c;
}

void hal_console_write(const char *str, size_t n)
{
	struct sim *s = sim_current;

	fwrite(str, 1, n, s && s->console ? s->console : stdout);
}
