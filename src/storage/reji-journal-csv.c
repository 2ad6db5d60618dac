/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "reji-journal-csv.h"
#include "reji-journal.h"

/**
 * reji_journal_csv_append_field:
 * @line: the record being built
 * @field: (nullable): the value; NULL is written as an empty field
 *
 * Appends @field as RFC 4180 specifies: in double quotes, with each quote
 * doubled, when it contains a comma, a quote, CR or LF; as it is
 * otherwise. A comma separates it from the previous field.
 */
void
reji_journal_csv_append_field (GString    *line,
                               const char *field)
{
  if (line->len > 0)
    g_string_append_c (line, ',');

  if (field == NULL)
    return;

  if (strpbrk (field, ",\"\r\n") == NULL)
    {
      g_string_append (line, field);
      return;
    }

  g_string_append_c (line, '"');
  for (const char *c = field; *c != '\0'; c++)
    {
      if (*c == '"')
        g_string_append_c (line, '"');
      g_string_append_c (line, *c);
    }
  g_string_append_c (line, '"');
}

static void
append_int (GString *line,
            gint64   value)
{
  char buffer[32];

  g_snprintf (buffer, sizeof buffer, "%" G_GINT64_FORMAT, value);
  reji_journal_csv_append_field (line, buffer);
}

static void
append_time (GString *line,
             gint64   microseconds)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (microseconds / G_USEC_PER_SEC);
  g_autofree char *text = time != NULL ? g_date_time_format_iso8601 (time) : NULL;

  reji_journal_csv_append_field (line, text);
}

static void
append_sale (GString               *out,
             const RejiJournalSale *sale)
{
  g_autoptr(GString) line = g_string_new (NULL);

  reji_journal_csv_append_field (line, sale->id);
  append_time (line, sale->created_at);
  reji_journal_csv_append_field (line, reji_journal_mode_to_string (sale->mode));
  reji_journal_csv_append_field (line, reji_journal_state_to_string (sale->state));
  append_int (line, sale->amount);
  reji_journal_csv_append_field (line, sale->currency);
  reji_journal_csv_append_field (line, reji_card_brand_get_name (sale->card_brand));
  reji_journal_csv_append_field (line, sale->card_last_four);
  reji_journal_csv_append_field (line, sale->token_id);
  reji_journal_csv_append_field (line, sale->payment_id);
  append_int (line, sale->refunded_amount);
  reji_journal_csv_append_field (line, sale->error_code);
  reji_journal_csv_append_field (line, sale->error_message);

  g_string_append_len (out, line->str, line->len);
  g_string_append (out, "\r\n");
}

/**
 * reji_journal_export_csv:
 * @self: a journal
 * @day: any time on the local day to export
 * @file: the file to write; replaced when it exists
 * @cancellable: (nullable): a cancellable
 * @error: return location for a %REJI_JOURNAL_ERROR or a #GIOError
 *
 * Writes the day's sales as CSV (RFC 4180: a header row, CRLF line
 * ends, UTF-8), one row per sale. Amounts are in the currency's minor
 * units, times in ISO 8601 local time. The file contains no card number,
 * security code or key, because the journal has none.
 */
gboolean
reji_journal_export_csv (RejiJournal   *self,
                         GDateTime     *day,
                         GFile         *file,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_autoptr(GPtrArray) sales = NULL;
  g_autoptr(GString) out = g_string_new (NULL);

  g_return_val_if_fail (REJI_IS_JOURNAL (self), FALSE);
  g_return_val_if_fail (day != NULL, FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  sales = reji_journal_list_day (self, day, -1, -1, error);
  if (sales == NULL)
    return FALSE;

  g_string_append (out, "sale_id,created_at,mode,state,amount,currency,card_brand,card_last_four,"
                        "token_id,payment_id,refunded_amount,error_code,error_message\r\n");
  for (guint i = 0; i < sales->len; i++)
    append_sale (out, g_ptr_array_index (sales, i));

  return g_file_replace_contents (file, out->str, out->len, NULL, FALSE,
                                  G_FILE_CREATE_REPLACE_DESTINATION, NULL, cancellable, error);
}
