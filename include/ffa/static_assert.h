/* SPDX-License-Identifier: BSD-3-Clause */
/* Layout checks that compile as C11 and as C++ (the headers serve both). */
#ifndef FFA_STATIC_ASSERT_H
#define FFA_STATIC_ASSERT_H

#ifdef __cplusplus
#define FFA_STATIC_ASSERT static_assert
#else
#define FFA_STATIC_ASSERT _Static_assert
#endif

#endif
