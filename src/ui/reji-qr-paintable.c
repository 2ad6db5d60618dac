/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <qrencode.h>

#include "reji-qr-paintable.h"

/* Intrinsic size of one module, in pixels. */
#define MODULE_PIXELS 8

struct _RejiQrPaintable
{
  GObject  parent_instance;

  char    *text;
  guint    modules;
  /* modules × modules bytes, row by row; non-zero is a dark module. */
  guint8  *matrix;
};

static void reji_qr_paintable_paintable_init (GdkPaintableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RejiQrPaintable, reji_qr_paintable, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GDK_TYPE_PAINTABLE,
                                                      reji_qr_paintable_paintable_init))

static const GdkRGBA light = { 1.0f, 1.0f, 1.0f, 1.0f };
static const GdkRGBA dark = { 0.0f, 0.0f, 0.0f, 1.0f };

static void
append_rectangle (GtkSnapshot   *snapshot,
                  const GdkRGBA *color,
                  int            x,
                  int            y,
                  int            width,
                  int            height)
{
  graphene_rect_t rect;

  graphene_rect_init (&rect, x, y, width, height);
  gtk_snapshot_append_color (snapshot, color, &rect);
}

/* Draws one row of modules, one rectangle per horizontal run of dark
 * modules, which keeps the render node count near the number of runs. */
static void
append_row (RejiQrPaintable *self,
            GtkSnapshot     *snapshot,
            guint            row,
            int              origin_x,
            int              origin_y,
            int              module_size)
{
  const guint8 *cells = self->matrix + (gsize) row * self->modules;
  int y = origin_y + (int) (row + REJI_QR_QUIET_ZONE) * module_size;
  guint x = 0;

  while (x < self->modules)
    {
      guint run_start;

      if (cells[x] == 0)
        {
          x++;
          continue;
        }

      run_start = x;
      while (x < self->modules && cells[x] != 0)
        x++;

      append_rectangle (snapshot, &dark,
                        origin_x + (int) (run_start + REJI_QR_QUIET_ZONE) * module_size, y,
                        (int) (x - run_start) * module_size, module_size);
    }
}

static void
reji_qr_paintable_snapshot (GdkPaintable *paintable,
                            GdkSnapshot  *snapshot,
                            double        width,
                            double        height)
{
  RejiQrPaintable *self = REJI_QR_PAINTABLE (paintable);
  guint span = self->modules + 2 * REJI_QR_QUIET_ZONE;
  int module_size;
  int symbol_size;
  int origin_x;
  int origin_y;

  /* Whole pixels per module, so every module edge falls on a pixel edge
   * and a camera sees sharp, equal modules. */
  module_size = MAX (1, (int) floor (MIN (width, height) / span));
  symbol_size = module_size * (int) span;
  origin_x = (int) floor ((width - symbol_size) / 2);
  origin_y = (int) floor ((height - symbol_size) / 2);

  append_rectangle (GTK_SNAPSHOT (snapshot), &light,
                    0, 0, (int) ceil (width), (int) ceil (height));
  for (guint row = 0; row < self->modules; row++)
    append_row (self, GTK_SNAPSHOT (snapshot), row, origin_x, origin_y, module_size);
}

static int
reji_qr_paintable_get_intrinsic_size (GdkPaintable *paintable)
{
  RejiQrPaintable *self = REJI_QR_PAINTABLE (paintable);

  return (int) (self->modules + 2 * REJI_QR_QUIET_ZONE) * MODULE_PIXELS;
}

static GdkPaintableFlags
reji_qr_paintable_get_flags (GdkPaintable *paintable)
{
  return GDK_PAINTABLE_STATIC_CONTENTS | GDK_PAINTABLE_STATIC_SIZE;
}

static void
reji_qr_paintable_paintable_init (GdkPaintableInterface *iface)
{
  iface->snapshot = reji_qr_paintable_snapshot;
  iface->get_intrinsic_width = reji_qr_paintable_get_intrinsic_size;
  iface->get_intrinsic_height = reji_qr_paintable_get_intrinsic_size;
  iface->get_flags = reji_qr_paintable_get_flags;
}

static void
reji_qr_paintable_finalize (GObject *object)
{
  RejiQrPaintable *self = REJI_QR_PAINTABLE (object);

  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->matrix, g_free);

  G_OBJECT_CLASS (reji_qr_paintable_parent_class)->finalize (object);
}

static void
reji_qr_paintable_class_init (RejiQrPaintableClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = reji_qr_paintable_finalize;
}

static void
reji_qr_paintable_init (RejiQrPaintable *self)
{
}

/**
 * reji_qr_paintable_new:
 * @text: the UTF-8 text to encode, usually a URL
 * @error: return location for a #GError in the %G_IO_ERROR domain
 *
 * Encodes @text byte for byte (8-bit mode, error correction level M).
 *
 * Returns: (transfer full): the paintable, or %NULL if @text is empty or
 *   too long for a QR code
 */
RejiQrPaintable *
reji_qr_paintable_new (const char  *text,
                       GError     **error)
{
  g_autoptr(RejiQrPaintable) self = NULL;
  QRcode *code;
  gsize n_cells;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  code = QRcode_encodeString (text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  if (code == NULL)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   /* Translators: %s is the system's reason, for example
                    * "Numerical result out of range" for a link that is too long */
                   _("The link cannot be shown as a QR code: %s"),
                   g_strerror (saved_errno));
      return NULL;
    }

  self = g_object_new (REJI_TYPE_QR_PAINTABLE, NULL);
  self->text = g_strdup (text);
  self->modules = (guint) code->width;
  n_cells = (gsize) self->modules * self->modules;
  self->matrix = g_malloc (n_cells);
  /* Bit 0 of each libqrencode byte is the module colour; the other bits
   * describe what the module belongs to. */
  for (gsize i = 0; i < n_cells; i++)
    self->matrix[i] = code->data[i] & 1;
  QRcode_free (code);

  return g_steal_pointer (&self);
}

const char *
reji_qr_paintable_get_text (RejiQrPaintable *self)
{
  g_return_val_if_fail (REJI_IS_QR_PAINTABLE (self), NULL);

  return self->text;
}

/* The width of the symbol in modules, without the quiet zone. */
guint
reji_qr_paintable_get_module_count (RejiQrPaintable *self)
{
  g_return_val_if_fail (REJI_IS_QR_PAINTABLE (self), 0);

  return self->modules;
}

/* Whether the module at column @x, row @y (counted from the top left of
 * the symbol, without the quiet zone) is dark. */
gboolean
reji_qr_paintable_get_module (RejiQrPaintable *self,
                              guint            x,
                              guint            y)
{
  g_return_val_if_fail (REJI_IS_QR_PAINTABLE (self), FALSE);
  g_return_val_if_fail (x < self->modules && y < self->modules, FALSE);

  return self->matrix[(gsize) y * self->modules + x] != 0;
}
