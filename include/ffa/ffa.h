/* SPDX-License-Identifier: BSD-3-Clause */
/* The whole FF-A ABI as C. Freestanding: include from core, SP, NWd and tests. */
#ifndef FFA_FFA_H
#define FFA_FFA_H

#include "errors.h"
#include "func_ids.h"
#include "mem_desc.h"
#include "names.h"
#include "partition_info.h"
#include "value.h"
#include "boot_info.h"
#include "client.h"

#endif
