/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "reji-qr-paintable.h"
#include "reji-test-utils.h"

static const char *test_urls[] = {
  "https://komoju.com/3ds/scrtkn_1a2b3c",
  "http://127.0.0.1:41234/simulator/3ds/tok_5f3e9a1c7b2d4e6f8a0b1c2d3e4f5a6b"
    "?session=0d1e2f3a4b5c6d7e8f9a&return_url=http%3A%2F%2F127.0.0.1%3A41234%2Freturn%3Fsale%3D42",
  "https://example.com/a?b=C&d=%20e#Fragment",
};

static const int test_sizes[] = { 400, 333 };

static cairo_surface_t *
render_paintable (RejiQrPaintable *paintable,
                  int              size)
{
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;

  gdk_paintable_snapshot (GDK_PAINTABLE (paintable), GDK_SNAPSHOT (snapshot), size, size);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, size, size);
  cr = cairo_create (surface);
  gsk_render_node_draw (node, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  return surface;
}

/* Runs `zbarimg --raw -q` on @png_path and returns what it decoded,
 * without the trailing newline. */
static char *
decode_png (const char *png_path)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                              &error, "zbarimg", "--raw", "-q", png_path, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &output, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);

  g_strchomp (output);
  return g_steal_pointer (&output);
}

static void
test_qr_paintable_decodes_urls (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("reji-qr-XXXXXX", &error);

  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (test_urls); i++)
    {
      g_autoptr(RejiQrPaintable) paintable = reji_qr_paintable_new (test_urls[i], &error);

      g_assert_no_error (error);
      g_assert_cmpstr (reji_qr_paintable_get_text (paintable), ==, test_urls[i]);

      for (guint j = 0; j < G_N_ELEMENTS (test_sizes); j++)
        {
          g_autofree char *name = g_strdup_printf ("qr-%u-%d.png", i, test_sizes[j]);
          g_autofree char *path = g_build_filename (dir, name, NULL);
          g_autofree char *decoded = NULL;
          cairo_surface_t *surface = render_paintable (paintable, test_sizes[j]);

          g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
          cairo_surface_destroy (surface);

          g_test_message ("decoding %s", path);
          decoded = decode_png (path);
          g_assert_cmpstr (decoded, ==, test_urls[i]);
          g_remove (path);
        }
    }

  g_rmdir (dir);
}

static guint32
pixel_at (cairo_surface_t *surface,
          int              x,
          int              y)
{
  const guchar *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);

  return *(const guint32 *) (data + (gsize) y * stride + (gsize) x * 4);
}

#define WHITE 0xffffffffu
#define BLACK 0xff000000u

/* Checks that every pixel outside the symbol's modules (the quiet zone and
 * the margin around it) is white, and that each module is a solid square
 * of whole pixels in the colour of the matrix. */
static void
check_pixels (RejiQrPaintable *paintable,
              int              size)
{
  cairo_surface_t *surface = render_paintable (paintable, size);
  int modules = (int) reji_qr_paintable_get_module_count (paintable);
  int span = modules + 2 * REJI_QR_QUIET_ZONE;
  int module_size = size / span;
  int origin = (size - module_size * span) / 2;
  int symbol_start = origin + REJI_QR_QUIET_ZONE * module_size;
  int symbol_end = symbol_start + modules * module_size;

  g_assert_cmpint (module_size, >=, 1);

  for (int y = 0; y < size; y++)
    {
      for (int x = 0; x < size; x++)
        {
          gboolean inside = x >= symbol_start && x < symbol_end && y >= symbol_start && y < symbol_end;
          guint32 expected = WHITE;

          if (inside && reji_qr_paintable_get_module (paintable,
                                                      (guint) ((x - symbol_start) / module_size),
                                                      (guint) ((y - symbol_start) / module_size)))
            expected = BLACK;

          if (pixel_at (surface, x, y) != expected)
            {
              g_test_message ("pixel %d,%d at size %d", x, y, size);
              g_assert_cmphex (pixel_at (surface, x, y), ==, expected);
            }
        }
    }

  cairo_surface_destroy (surface);
}

static void
test_qr_paintable_whole_pixel_modules (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RejiQrPaintable) paintable = reji_qr_paintable_new (test_urls[1], &error);

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (test_sizes); i++)
    check_pixels (paintable, test_sizes[i]);
}

static void
test_qr_paintable_intrinsic_size (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RejiQrPaintable) paintable = reji_qr_paintable_new (test_urls[0], &error);
  GdkPaintable *as_paintable;
  int expected;

  g_assert_no_error (error);
  as_paintable = GDK_PAINTABLE (paintable);
  expected = (int) (reji_qr_paintable_get_module_count (paintable) + 2 * REJI_QR_QUIET_ZONE) * 8;

  g_assert_cmpint (reji_qr_paintable_get_module_count (paintable), >=, 21);
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (as_paintable), ==, expected);
  g_assert_cmpint (gdk_paintable_get_intrinsic_height (as_paintable), ==, expected);
  g_assert_cmpint (gdk_paintable_get_flags (as_paintable), ==,
                   GDK_PAINTABLE_STATIC_CONTENTS | GDK_PAINTABLE_STATIC_SIZE);
}

static void
test_qr_paintable_merges_runs (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RejiQrPaintable) paintable = reji_qr_paintable_new (test_urls[1], &error);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  guint modules;
  guint dark_modules = 0;

  g_assert_no_error (error);
  modules = reji_qr_paintable_get_module_count (paintable);
  for (guint y = 0; y < modules; y++)
    for (guint x = 0; x < modules; x++)
      dark_modules += reji_qr_paintable_get_module (paintable, x, y) ? 1 : 0;

  gdk_paintable_snapshot (GDK_PAINTABLE (paintable), GDK_SNAPSHOT (snapshot), 400, 400);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));

  g_assert_cmpint (gsk_render_node_get_node_type (node), ==, GSK_CONTAINER_NODE);
  /* One background plus one rectangle per run is far fewer than one per
   * dark module. */
  g_assert_cmpuint (gsk_container_node_get_n_children (node), <, dark_modules / 2);
}

static void
test_qr_paintable_too_long (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strnfill (8000, 'a');
  g_autoptr(RejiQrPaintable) paintable = reji_qr_paintable_new (text, &error);

  g_assert_null (paintable);
  g_assert_nonnull (error);
  g_assert_cmpuint (error->domain, ==, G_IO_ERROR);
}

int
main (int   argc,
      char *argv[])
{
  reji_test_init (&argc, &argv);
  /* Render node types are registered by GTK's initialisation. */
  gtk_init ();

  g_test_add_func ("/reji/qr-paintable/decodes-urls", test_qr_paintable_decodes_urls);
  g_test_add_func ("/reji/qr-paintable/whole-pixel-modules", test_qr_paintable_whole_pixel_modules);
  g_test_add_func ("/reji/qr-paintable/intrinsic-size", test_qr_paintable_intrinsic_size);
  g_test_add_func ("/reji/qr-paintable/merges-runs", test_qr_paintable_merges_runs);
  g_test_add_func ("/reji/qr-paintable/too-long", test_qr_paintable_too_long);

  return g_test_run ();
}
