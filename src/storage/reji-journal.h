/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "reji-journal-record.h"
#include "reji-mode.h"
#include "reji-sale.h"

G_BEGIN_DECLS

#define REJI_JOURNAL_ERROR (reji_journal_error_quark ())

/**
 * RejiJournalError:
 * @REJI_JOURNAL_ERROR_OPEN: the file could not be opened or created.
 * @REJI_JOURNAL_ERROR_TOO_NEW: the file was written by a newer Reji whose
 *   schema this one does not know.
 * @REJI_JOURNAL_ERROR_MIGRATE: updating the file's schema failed.
 * @REJI_JOURNAL_ERROR_WRITE: a sale or event could not be written.
 * @REJI_JOURNAL_ERROR_READ: a query failed.
 * @REJI_JOURNAL_ERROR_NOT_FOUND: no sale has the given id.
 */
typedef enum
{
  REJI_JOURNAL_ERROR_OPEN,
  REJI_JOURNAL_ERROR_TOO_NEW,
  REJI_JOURNAL_ERROR_MIGRATE,
  REJI_JOURNAL_ERROR_WRITE,
  REJI_JOURNAL_ERROR_READ,
  REJI_JOURNAL_ERROR_NOT_FOUND,
} RejiJournalError;

/* The schema version this Reji writes (`PRAGMA user_version`). */
#define REJI_JOURNAL_SCHEMA_VERSION 2

/* Request names stored in `sale_events.request`. */
#define REJI_JOURNAL_REQUEST_CREATE_TOKEN "create-token"
#define REJI_JOURNAL_REQUEST_CHARGE       "charge"
#define REJI_JOURNAL_REQUEST_REFUND       "refund"

#define REJI_TYPE_JOURNAL (reji_journal_get_type ())

G_DECLARE_FINAL_TYPE (RejiJournal, reji_journal, REJI, JOURNAL, GObject)

GQuark        reji_journal_error_quark       (void);

char         *reji_journal_dup_default_path  (void);
RejiJournal  *reji_journal_open              (const char    *path,
                                              GError       **error);
const char   *reji_journal_get_path          (RejiJournal   *self);
const GError *reji_journal_get_write_error   (RejiJournal   *self);

void          reji_journal_track_sale        (RejiJournal   *self,
                                              RejiSale      *sale,
                                              RejiMode       mode);

gboolean      reji_journal_record_refund_sending (RejiJournal *self,
                                              const char    *sale_id,
                                              gint64         amount,
                                              const char    *idempotency_key,
                                              GError       **error);
gboolean      reji_journal_record_refund_result  (RejiJournal *self,
                                              const char    *sale_id,
                                              gint64         amount,
                                              const char    *idempotency_key,
                                              const GError  *refund_error,
                                              GError       **error);

RejiJournalSale *reji_journal_lookup_sale    (RejiJournal   *self,
                                              const char    *sale_id,
                                              GError       **error);
gboolean      reji_journal_close_abandoned   (RejiJournal   *self,
                                              const char    *sale_id,
                                              const char    *message,
                                              GError       **error);
GPtrArray    *reji_journal_list_unfinished   (RejiJournal   *self,
                                              GError       **error);
GPtrArray    *reji_journal_list_day          (RejiJournal   *self,
                                              GDateTime     *day,
                                              int            state,
                                              int            mode,
                                              GError       **error);
GPtrArray    *reji_journal_list_events       (RejiJournal   *self,
                                              const char    *sale_id,
                                              GError       **error);
GArray       *reji_journal_get_day_totals    (RejiJournal   *self,
                                              GDateTime     *day,
                                              GError       **error);
gboolean      reji_journal_export_csv        (RejiJournal   *self,
                                              GDateTime     *day,
                                              GFile         *file,
                                              GCancellable  *cancellable,
                                              GError       **error);

G_END_DECLS
