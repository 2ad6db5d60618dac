/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "reji-text.h"

/* Dash-like characters a Japanese input method can produce where the
 * cashier meant a hyphen. NFKC leaves them alone, except U+2011, which it
 * maps to U+2010, and U+FF70, which it maps to U+30FC. */
static gboolean
is_dash (gunichar c)
{
  switch (c)
    {
    case 0x2010: /* HYPHEN */
    case 0x2011: /* NON-BREAKING HYPHEN */
    case 0x2013: /* EN DASH */
    case 0x2014: /* EM DASH */
    case 0x2212: /* MINUS SIGN */
    case 0x30FC: /* KATAKANA-HIRAGANA PROLONGED SOUND MARK */
    case 0xFF70: /* HALFWIDTH KATAKANA-HIRAGANA PROLONGED SOUND MARK */
      return TRUE;
    default:
      return FALSE;
    }
}

/**
 * reji_text_fold_width:
 * @text: UTF-8 text typed by the cashier
 *
 * Folds full-width forms to ASCII with Unicode NFKC, so that "１，０００"
 * becomes "1,000" and U+3000 IDEOGRAPHIC SPACE becomes a space, and then
 * replaces the dash-like characters listed in is_dash() with '-'.
 *
 * Card numbers and security codes pass through here, so the intermediate
 * copy is overwritten before it is freed. The result holds at most as many
 * bytes as the NFKC form, so the GString never reallocates and leaves no
 * stale copy behind.
 *
 * Returns: (transfer full) (nullable): the folded text, or %NULL if @text
 *   is not valid UTF-8
 */
char *
reji_text_fold_width (const char *text)
{
  char *normalized;
  GString *folded;

  g_return_val_if_fail (text != NULL, NULL);

  if (!g_utf8_validate (text, -1, NULL))
    return NULL;

  normalized = g_utf8_normalize (text, -1, G_NORMALIZE_NFKC);
  if (normalized == NULL)
    return NULL;

  folded = g_string_sized_new (strlen (normalized));
  for (const char *p = normalized; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_dash (c))
        g_string_append_c (folded, '-');
      else
        g_string_append_unichar (folded, c);
    }

  explicit_bzero (normalized, strlen (normalized));
  g_free (normalized);

  return g_string_free (folded, FALSE);
}
