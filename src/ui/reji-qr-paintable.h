/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The quiet zone around the symbol, in modules, as ISO/IEC 18004 requires. */
#define REJI_QR_QUIET_ZONE 4

#define REJI_TYPE_QR_PAINTABLE (reji_qr_paintable_get_type ())

G_DECLARE_FINAL_TYPE (RejiQrPaintable, reji_qr_paintable, REJI, QR_PAINTABLE, GObject)

RejiQrPaintable *reji_qr_paintable_new              (const char       *text,
                                                     GError          **error);
const char      *reji_qr_paintable_get_text         (RejiQrPaintable  *self);
guint            reji_qr_paintable_get_module_count (RejiQrPaintable  *self);
gboolean         reji_qr_paintable_get_module       (RejiQrPaintable  *self,
                                                     guint             x,
                                                     guint             y);

G_END_DECLS
