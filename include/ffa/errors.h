/* SPDX-License-Identifier: BSD-3-Clause */
/* FF-A error codes, returned in w2 of FFA_ERROR (DEN0077, "Error codes"). */
#ifndef FFA_ERRORS_H
#define FFA_ERRORS_H

#define FFA_RET_SUCCESS 0
#define FFA_RET_NOT_SUPPORTED (-1)
#define FFA_RET_INVALID_PARAMETERS (-2)
#define FFA_RET_NO_MEMORY (-3)
#define FFA_RET_BUSY (-4)
#define FFA_RET_INTERRUPTED (-5)
#define FFA_RET_DENIED (-6)
#define FFA_RET_RETRY (-7)
#define FFA_RET_ABORTED (-8)
#define FFA_RET_NO_DATA (-9)
#define FFA_RET_NOT_READY (-10)

#endif
