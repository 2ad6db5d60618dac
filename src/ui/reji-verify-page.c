/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Placeholder until the UI layer is written. */

#include "config.h"
