/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Partition images for the simulator: a host shared object exporting
 * SIM_SP_ENTRY_SYMBOL, loaded from bytes (as they sit in a package) into a
 * link-map namespace of its own, so every partition has its own globals, as
 * separate images do on hardware.
 */
#ifndef SIM_IMAGE_H
#define SIM_IMAGE_H

#include <stddef.h>

#include "env.h"

struct sim_image;

/* Loads the shared object in [bytes, bytes + len). NULL with a message in err. */
struct sim_image *sim_image_load(const void *bytes, size_t len, const char *name, char *err,
				 size_t errlen);
/* The image's entry point. */
sim_entry_fn sim_image_entry(const struct sim_image *img);
/* Whether it got a namespace of its own (dlmopen) rather than a private copy
 * in the base namespace (once the C library's namespaces run out). */
int sim_image_has_namespace(const struct sim_image *img);
void sim_image_unload(struct sim_image *img);

#endif
