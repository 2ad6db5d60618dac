/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "reji-enums.h"
#include "reji-journal.h"

/* Milliseconds a statement waits for another connection's lock (a second
 * Reji, or a test reading the file) before it fails. */
#define BUSY_TIMEOUT 5000

/* Set on a tracked sale: the RejiMode it was taken in, plus one so that
 * training (0) differs from "not tracked". */
#define TRACK_MODE_KEY "reji-journal-mode"

struct _RejiJournal
{
  GObject   parent_instance;

  char     *path;         /* (owned) */
  sqlite3  *db;           /* (owned) */
  GError   *write_error;  /* (owned) (nullable): the last failed write */
};

G_DEFINE_FINAL_TYPE (RejiJournal, reji_journal, G_TYPE_OBJECT)

G_DEFINE_QUARK (reji-journal-error-quark, reji_journal_error)

enum {
  PROP_0,
  PROP_PATH,
  PROP_WRITE_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  WRITE_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Schema migrations, in order: entry N takes the file from version N to
 * N + 1. Never edit an entry once released; append a new one instead. */
static const char * const migrations[] = {
  /* 1: sales and their events. Card numbers, security codes, keys and
   * e-mail addresses have no column on purpose. */
  "CREATE TABLE sales ("
  "  id TEXT PRIMARY KEY NOT NULL,"
  "  mode TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL,"
  "  amount INTEGER NOT NULL,"
  "  currency TEXT,"
  "  card_brand TEXT,"
  "  card_last_four TEXT,"
  "  state TEXT NOT NULL,"
  "  return_url TEXT,"
  "  token_id TEXT,"
  "  authentication_url TEXT,"
  "  token_idempotency_key TEXT,"
  "  payment_idempotency_key TEXT,"
  "  deadline_time INTEGER NOT NULL DEFAULT 0,"
  "  payment_id TEXT,"
  "  error_code TEXT,"
  "  error_message TEXT,"
  "  updated_at INTEGER NOT NULL"
  ");"
  "CREATE TABLE sale_events ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  sale_id TEXT NOT NULL REFERENCES sales (id) ON DELETE CASCADE,"
  "  at INTEGER NOT NULL,"
  "  state TEXT NOT NULL,"
  "  request TEXT,"
  "  idempotency_key TEXT,"
  "  detail TEXT"
  ");",

  /* 2: refunds deducted from day totals, and indexes for the history's
   * day view and a sale's event list. */
  "ALTER TABLE sales ADD COLUMN refunded_amount INTEGER NOT NULL DEFAULT 0;"
  "CREATE INDEX sales_created_at ON sales (created_at);"
  "CREATE INDEX sales_state ON sales (state);"
  "CREATE INDEX sale_events_sale_id ON sale_events (sale_id, id);",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == REJI_JOURNAL_SCHEMA_VERSION);

#define SALE_COLUMNS \
  "id, mode, created_at, updated_at, amount, currency, card_brand, card_last_four, state, " \
  "return_url, token_id, authentication_url, token_idempotency_key, payment_idempotency_key, " \
  "deadline_time, payment_id, error_code, error_message, refunded_amount"

/* SQLite helpers */

static void
set_sqlite_error (GError     **error,
                  int          code,
                  sqlite3     *db,
                  const char  *what)
{
  g_set_error (error, REJI_JOURNAL_ERROR, code,
               /* Translators: the first %s is what failed, such as "saving a
                * sale"; the second is SQLite's error message. */
               _("The sales journal failed while %s: %s"),
               what, db != NULL ? sqlite3_errmsg (db) : "out of memory");
}

static gboolean
exec_sql (RejiJournal  *self,
          const char   *sql,
          int           code,
          const char   *what,
          GError      **error)
{
  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) == SQLITE_OK)
    return TRUE;

  set_sqlite_error (error, code, self->db, what);
  return FALSE;
}

static sqlite3_stmt *
prepare (RejiJournal  *self,
         const char   *sql,
         int           code,
         const char   *what,
         GError      **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      set_sqlite_error (error, code, self->db, what);
      return NULL;
    }

  return stmt;
}

static void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

static char *
dup_column_text (sqlite3_stmt *stmt,
                 int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

/* Opening and migrating */

static int
get_user_version (RejiJournal *self)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (sqlite3_prepare_v2 (self->db, "PRAGMA user_version", -1, &stmt, NULL) != SQLITE_OK
      || sqlite3_step (stmt) != SQLITE_ROW)
    return -1;

  return sqlite3_column_int (stmt, 0);
}

static gboolean
migrate (RejiJournal  *self,
         GError      **error)
{
  int version = get_user_version (self);

  if (version < 0)
    {
      set_sqlite_error (error, REJI_JOURNAL_ERROR_OPEN, self->db, _("reading the schema version"));
      return FALSE;
    }

  if (version > REJI_JOURNAL_SCHEMA_VERSION)
    {
      g_set_error (error, REJI_JOURNAL_ERROR, REJI_JOURNAL_ERROR_TOO_NEW,
                   /* Translators: %s is a file path; %d are schema version numbers. */
                   _("The sales journal %s was written by a newer Reji (schema %d; this Reji "
                     "knows up to %d). Update Reji."),
                   self->path, version, REJI_JOURNAL_SCHEMA_VERSION);
      return FALSE;
    }

  for (; version < REJI_JOURNAL_SCHEMA_VERSION; version++)
    {
      g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %d;", version + 1);

      g_message ("Journal %s: migrating schema %d to %d", self->path, version, version + 1);

      if (!exec_sql (self, "BEGIN IMMEDIATE;", REJI_JOURNAL_ERROR_MIGRATE, _("updating the schema"), error))
        return FALSE;

      if (!exec_sql (self, migrations[version], REJI_JOURNAL_ERROR_MIGRATE, _("updating the schema"), error)
          || !exec_sql (self, set_version, REJI_JOURNAL_ERROR_MIGRATE, _("updating the schema"), error)
          || !exec_sql (self, "COMMIT;", REJI_JOURNAL_ERROR_MIGRATE, _("updating the schema"), error))
        {
          sqlite3_exec (self->db, "ROLLBACK;", NULL, NULL, NULL);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
configure_connection (RejiJournal  *self,
                      GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *journal_mode;

  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT);

  stmt = prepare (self, "PRAGMA journal_mode = WAL;", REJI_JOURNAL_ERROR_OPEN,
                  _("switching to write-ahead logging"), error);
  if (stmt == NULL)
    return FALSE;

  journal_mode = sqlite3_step (stmt) == SQLITE_ROW ? (const char *) sqlite3_column_text (stmt, 0) : NULL;
  if (g_strcmp0 (journal_mode, "wal") != 0)
    {
      set_sqlite_error (error, REJI_JOURNAL_ERROR_OPEN, self->db, _("switching to write-ahead logging"));
      return FALSE;
    }

  /* FULL syncs the log on every commit, so a sale recorded before a
   * request left survives a power cut, not only a crash. */
  return exec_sql (self, "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;",
                   REJI_JOURNAL_ERROR_OPEN, _("configuring the database"), error);
}

static gboolean
open_database (RejiJournal  *self,
               GError      **error)
{
  g_autofree char *directory = g_path_get_dirname (self->path);
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;

  if (g_mkdir_with_parents (directory, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, REJI_JOURNAL_ERROR, REJI_JOURNAL_ERROR_OPEN,
                   /* Translators: %s is a folder path, then the system's error message. */
                   _("Could not create the folder %s for the sales journal: %s"),
                   directory, g_strerror (saved_errno));
      return FALSE;
    }

  if (sqlite3_open_v2 (self->path, &self->db, flags, NULL) != SQLITE_OK)
    {
      set_sqlite_error (error, REJI_JOURNAL_ERROR_OPEN, self->db, _("opening the file"));
      return FALSE;
    }

  return configure_connection (self, error) && migrate (self, error);
}

/**
 * reji_journal_dup_default_path:
 *
 * Returns: (transfer full): `REJI_JOURNAL_PATH` when set and not empty,
 *   otherwise `reji/journal.sqlite3` in the user data directory
 */
char *
reji_journal_dup_default_path (void)
{
  const char *path = g_getenv ("REJI_JOURNAL_PATH");

  if (path != NULL && *path != '\0')
    return g_strdup (path);

  return g_build_filename (g_get_user_data_dir (), "reji", "journal.sqlite3", NULL);
}

/**
 * reji_journal_open:
 * @path: (nullable): the SQLite file, created with its folder when
 *   missing; NULL for reji_journal_dup_default_path()
 * @error: return location for a %REJI_JOURNAL_ERROR
 *
 * Opens the journal in write-ahead-log mode and brings its schema up to
 * %REJI_JOURNAL_SCHEMA_VERSION.
 *
 * Returns: (transfer full) (nullable): the journal
 */
RejiJournal *
reji_journal_open (const char  *path,
                   GError     **error)
{
  g_autoptr(RejiJournal) self = NULL;
  g_autofree char *default_path = NULL;
  g_autoptr(GError) local_error = NULL;

  if (path == NULL)
    path = default_path = reji_journal_dup_default_path ();

  self = g_object_new (REJI_TYPE_JOURNAL, "path", path, NULL);
  if (!open_database (self, &local_error))
    {
      g_warning ("Could not open the sales journal %s: %s", path, local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  g_debug ("Journal %s open (schema %d)", path, REJI_JOURNAL_SCHEMA_VERSION);
  return g_steal_pointer (&self);
}

const char *
reji_journal_get_path (RejiJournal *self)
{
  g_return_val_if_fail (REJI_IS_JOURNAL (self), NULL);
  return self->path;
}

/**
 * reji_journal_get_write_error:
 * @self: a journal
 *
 * Returns: (nullable): the last write that failed, also announced by
 *   #RejiJournal::write-failed; NULL while every write succeeded
 */
const GError *
reji_journal_get_write_error (RejiJournal *self)
{
  g_return_val_if_fail (REJI_IS_JOURNAL (self), NULL);
  return self->write_error;
}

/* Writing */

/* Takes ownership of @error. A lost journal entry may hide a payment, so
 * every failed write is logged and announced, never dropped. */
static void
report_write_error (RejiJournal *self,
                    const char  *sale_id,
                    GError      *error)
{
  g_warning ("Journal %s: could not record sale %s: %s", self->path, sale_id, error->message);

  g_clear_error (&self->write_error);
  self->write_error = error;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WRITE_ERROR]);
  g_signal_emit (self, signals[WRITE_FAILED], 0, sale_id, self->write_error);
}

/* KOMOJU's own code ("card_declined") when there is one, otherwise the
 * error's domain and code. */
static char *
error_code_for (const GError *error)
{
  const char *api_code;

  if (error == NULL)
    return NULL;

  api_code = error->domain == REJI_KOMOJU_ERROR ? reji_komoju_error_get_api_code (error) : NULL;
  if (api_code != NULL)
    return g_strdup (api_code);

  return g_strdup_printf ("%s:%d", g_quark_to_string (error->domain), error->code);
}

static gboolean
upsert_sale (RejiJournal  *self,
             RejiSale     *sale,
             RejiMode      mode,
             gint64        now,
             GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const RejiSecureToken *token = reji_sale_get_secure_token (sale);
  const RejiPayment *payment = reji_sale_get_payment (sale);
  const GError *sale_error = reji_sale_get_error (sale);
  g_autofree char *error_code = error_code_for (sale_error);

  stmt = prepare (self,
                  "INSERT INTO sales (id, mode, created_at, updated_at, amount, currency, card_brand, "
                  "  card_last_four, state, return_url, token_id, authentication_url, "
                  "  token_idempotency_key, payment_idempotency_key, deadline_time, payment_id, "
                  "  error_code, error_message) "
                  "VALUES (?1, ?2, ?3, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17) "
                  "ON CONFLICT (id) DO UPDATE SET mode = excluded.mode, updated_at = excluded.updated_at, "
                  "  amount = excluded.amount, currency = excluded.currency, "
                  "  card_brand = excluded.card_brand, card_last_four = excluded.card_last_four, "
                  "  state = excluded.state, return_url = excluded.return_url, "
                  "  token_id = excluded.token_id, authentication_url = excluded.authentication_url, "
                  "  token_idempotency_key = excluded.token_idempotency_key, "
                  "  payment_idempotency_key = excluded.payment_idempotency_key, "
                  "  deadline_time = excluded.deadline_time, payment_id = excluded.payment_id, "
                  "  error_code = excluded.error_code, error_message = excluded.error_message",
                  REJI_JOURNAL_ERROR_WRITE, _("saving a sale"), error);
  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, reji_sale_get_id (sale));
  bind_text (stmt, 2, reji_journal_mode_to_string (mode));
  sqlite3_bind_int64 (stmt, 3, now);
  sqlite3_bind_int64 (stmt, 4, reji_sale_get_amount (sale));
  bind_text (stmt, 5, reji_sale_get_currency (sale));
  bind_text (stmt, 6, reji_card_brand_get_name (reji_sale_get_card_brand (sale)));
  bind_text (stmt, 7, reji_sale_get_card_last_four (sale));
  bind_text (stmt, 8, reji_journal_state_to_string (reji_sale_get_state (sale)));
  bind_text (stmt, 9, reji_sale_get_return_url (sale));
  bind_text (stmt, 10, token != NULL ? token->id : NULL);
  bind_text (stmt, 11, token != NULL ? token->authentication_url : NULL);
  bind_text (stmt, 12, reji_sale_get_token_idempotency_key (sale));
  bind_text (stmt, 13, reji_sale_get_payment_idempotency_key (sale));
  sqlite3_bind_int64 (stmt, 14, reji_sale_get_deadline_time (sale));
  bind_text (stmt, 15, payment != NULL ? payment->id : NULL);
  bind_text (stmt, 16, error_code);
  bind_text (stmt, 17, sale_error != NULL ? sale_error->message : NULL);

  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      set_sqlite_error (error, REJI_JOURNAL_ERROR_WRITE, self->db, _("saving a sale"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
insert_event (RejiJournal   *self,
              const char    *sale_id,
              gint64         now,
              const char    *state,
              const char    *request,
              const char    *idempotency_key,
              const char    *detail,
              GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = prepare (self,
                  "INSERT INTO sale_events (sale_id, at, state, request, idempotency_key, detail) "
                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                  REJI_JOURNAL_ERROR_WRITE, _("saving a sale event"), error);
  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, sale_id);
  sqlite3_bind_int64 (stmt, 2, now);
  bind_text (stmt, 3, state);
  bind_text (stmt, 4, request);
  bind_text (stmt, 5, idempotency_key);
  bind_text (stmt, 6, detail);

  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      set_sqlite_error (error, REJI_JOURNAL_ERROR_WRITE, self->db, _("saving a sale event"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
begin (RejiJournal  *self,
       GError      **error)
{
  return exec_sql (self, "BEGIN IMMEDIATE;", REJI_JOURNAL_ERROR_WRITE, _("starting a transaction"), error);
}

static gboolean
commit_or_rollback (RejiJournal  *self,
                    gboolean      ok,
                    GError      **error)
{
  if (ok && exec_sql (self, "COMMIT;", REJI_JOURNAL_ERROR_WRITE, _("saving a transaction"), error))
    return TRUE;

  sqlite3_exec (self->db, "ROLLBACK;", NULL, NULL, NULL);
  return FALSE;
}

/* What a state change adds to the ids already in the sale row: the ids
 * KOMOJU gave, or why the sale failed. */
static char *
describe_state (RejiSale *sale)
{
  const RejiSecureToken *token = reji_sale_get_secure_token (sale);
  const RejiPayment *payment = reji_sale_get_payment (sale);
  const GError *error = reji_sale_get_error (sale);
  g_autoptr(GString) detail = g_string_new (NULL);

  if (token != NULL)
    g_string_append_printf (detail, "token %s (%s)", token->id,
                            reji_verification_status_to_string (token->verification_status));
  if (payment != NULL)
    g_string_append_printf (detail, "%spayment %s (%s)", detail->len > 0 ? ", " : "",
                            payment->id, reji_payment_status_to_string (payment->status));
  if (error != NULL && reji_sale_get_state (sale) != REJI_SALE_STATE_PAID)
    g_string_append_printf (detail, "%serror: %s", detail->len > 0 ? ", " : "", error->message);

  return detail->len > 0 ? g_string_free (g_steal_pointer (&detail), FALSE) : NULL;
}

/* Writes the sale's row and one event in one transaction, synchronously:
 * when this returns TRUE, the event is on disk. */
static gboolean
record (RejiJournal *self,
        RejiSale    *sale,
        const char  *request,
        const char  *idempotency_key)
{
  RejiMode mode = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (sale), TRACK_MODE_KEY)) - 1;
  const char *state = reji_journal_state_to_string (reji_sale_get_state (sale));
  g_autofree char *detail = request == NULL ? describe_state (sale) : NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time ();
  gboolean ok;

  if (!begin (self, &error))
    {
      report_write_error (self, reji_sale_get_id (sale), g_steal_pointer (&error));
      return FALSE;
    }

  ok = upsert_sale (self, sale, mode, now, &error)
       && insert_event (self, reji_sale_get_id (sale), now, state, request, idempotency_key, detail, &error);
  if (!commit_or_rollback (self, ok, error == NULL ? &error : NULL))
    {
      report_write_error (self, reji_sale_get_id (sale), g_steal_pointer (&error));
      return FALSE;
    }

  g_debug ("Journal: sale %s %s%s%s", reji_sale_get_id (sale), state,
           request != NULL ? ", sending " : "", request != NULL ? request : "");
  return TRUE;
}

static void
sale_state_notify_cb (RejiSale    *sale,
                      GParamSpec  *pspec,
                      RejiJournal *self)
{
  /* A sale being typed, or one cancelled before it was ever sent, has
   * nothing worth keeping. */
  if (reji_sale_get_state (sale) == REJI_SALE_STATE_EDITING
      || reji_sale_get_token_idempotency_key (sale) == NULL)
    return;

  record (self, sale, NULL, NULL);
}

/* Returns TRUE, which stops the request, when the journal could not
 * write it down first: a request that a crash could leave untraced is not
 * sent. */
static gboolean
sale_request_sending_cb (RejiSale        *sale,
                         RejiSaleRequest  request,
                         const char      *idempotency_key,
                         RejiJournal     *self)
{
  const char *name = request == REJI_SALE_REQUEST_CHARGE ? REJI_JOURNAL_REQUEST_CHARGE
                                                         : REJI_JOURNAL_REQUEST_CREATE_TOKEN;

  return !record (self, sale, name, idempotency_key);
}

/**
 * reji_journal_track_sale:
 * @self: a journal
 * @sale: a sale in the editing state, or one made by reji_sale_new_resumed()
 * @mode: the mode the sale is taken in; training sales never count in
 *   day totals
 *
 * Records @sale from now on: its row and one event on every state change
 * and every payment KOMOJU sends, and one event before each request that
 * changes something at KOMOJU, on disk before the request is sent. A
 * request that cannot be written down first is not sent. A resumed sale's row is kept and
 * updated. The journal stops following @sale when either is finalized.
 */
void
reji_journal_track_sale (RejiJournal *self,
                         RejiSale    *sale,
                         RejiMode     mode)
{
  g_return_if_fail (REJI_IS_JOURNAL (self));
  g_return_if_fail (REJI_IS_SALE (sale));
  g_return_if_fail (g_object_get_data (G_OBJECT (sale), TRACK_MODE_KEY) == NULL);

  g_object_set_data (G_OBJECT (sale), TRACK_MODE_KEY, GINT_TO_POINTER (mode + 1));
  g_signal_connect_object (sale, "notify::state", G_CALLBACK (sale_state_notify_cb), self, 0);
  /* A payment can arrive without a change of state: the response to a
   * charge the cashier cancelled while it was running. */
  g_signal_connect_object (sale, "notify::payment", G_CALLBACK (sale_state_notify_cb), self, 0);
  g_signal_connect_object (sale, "request-sending", G_CALLBACK (sale_request_sending_cb), self, 0);

  /* A resumed sale starts outside EDITING: note that Reji took it up. */
  if (reji_sale_get_state (sale) != REJI_SALE_STATE_EDITING)
    record (self, sale, NULL, NULL);
}

/**
 * reji_journal_close_abandoned:
 * @self: a journal
 * @sale_id: an unfinished sale
 * @message: why it can never finish, for history and the log
 * @error: return location for a %REJI_JOURNAL_ERROR
 *
 * Ends an unfinished sale that can never resume as failed, with one event
 * that says why: a training sale from an earlier run, whose in-process
 * simulator is gone with its ledger. Never use it for a test or live
 * sale, whose charge KOMOJU may still hold.
 *
 * Returns: %TRUE once the change is on disk
 */
gboolean
reji_journal_close_abandoned (RejiJournal  *self,
                              const char   *sale_id,
                              const char   *message,
                              GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *failed = reji_journal_state_to_string (REJI_SALE_STATE_FAILED);
  gint64 now = g_get_real_time ();
  gboolean ok;

  g_return_val_if_fail (REJI_IS_JOURNAL (self), FALSE);
  g_return_val_if_fail (sale_id != NULL, FALSE);

  if (!begin (self, error))
    return FALSE;

  stmt = prepare (self,
                  "UPDATE sales SET state = ?2, error_code = 'abandoned', error_message = ?3, "
                  "updated_at = ?4 WHERE id = ?1",
                  REJI_JOURNAL_ERROR_WRITE, _("saving a sale"), error);
  ok = stmt != NULL;
  if (ok)
    {
      bind_text (stmt, 1, sale_id);
      bind_text (stmt, 2, failed);
      bind_text (stmt, 3, message);
      sqlite3_bind_int64 (stmt, 4, now);
      ok = sqlite3_step (stmt) == SQLITE_DONE;
      if (!ok)
        set_sqlite_error (error, REJI_JOURNAL_ERROR_WRITE, self->db, _("saving a sale"));
    }

  ok = ok && insert_event (self, sale_id, now, failed, NULL, NULL, message, error);
  return commit_or_rollback (self, ok, error != NULL && *error == NULL ? error : NULL);
}

/* Refunds */

static char *
lookup_state (RejiJournal  *self,
              const char   *sale_id,
              gint64       *out_amount,
              gint64       *out_refunded,
              GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = prepare (self, "SELECT state, amount, refunded_amount FROM sales WHERE id = ?1",
                  REJI_JOURNAL_ERROR_READ, _("reading a sale"), error);
  if (stmt == NULL)
    return NULL;

  bind_text (stmt, 1, sale_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, REJI_JOURNAL_ERROR, REJI_JOURNAL_ERROR_NOT_FOUND,
                   /* Translators: %s is a sale id (a UUID). */
                   _("The sales journal has no sale %s."), sale_id);
      return NULL;
    }

  *out_amount = sqlite3_column_int64 (stmt, 1);
  *out_refunded = sqlite3_column_int64 (stmt, 2);
  return dup_column_text (stmt, 0);
}

/**
 * reji_journal_record_refund_sending:
 * @self: a journal
 * @sale_id: the id of a journaled sale
 * @amount: the amount to refund in minor units; 0 for all that is left
 * @idempotency_key: the refund request's `X-KOMOJU-IDEMPOTENCY` key
 * @error: return location for a %REJI_JOURNAL_ERROR
 *
 * Records a refund request before it is sent, with its key, so a refund
 * whose response is lost can be replayed with the same key.
 *
 * Returns: %FALSE, and the failure is announced, when it was not recorded
 */
gboolean
reji_journal_record_refund_sending (RejiJournal  *self,
                                    const char   *sale_id,
                                    gint64        amount,
                                    const char   *idempotency_key,
                                    GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *state = NULL;
  g_autofree char *detail = NULL;
  gint64 sale_amount, refunded;

  g_return_val_if_fail (REJI_IS_JOURNAL (self), FALSE);
  g_return_val_if_fail (sale_id != NULL, FALSE);
  g_return_val_if_fail (idempotency_key != NULL, FALSE);

  state = lookup_state (self, sale_id, &sale_amount, &refunded, &local_error);
  if (state != NULL)
    {
      detail = g_strdup_printf ("refund %" G_GINT64_FORMAT " requested",
                                amount > 0 ? amount : sale_amount - refunded);
      insert_event (self, sale_id, g_get_real_time (), state, REJI_JOURNAL_REQUEST_REFUND,
                    idempotency_key, detail, &local_error);
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, g_error_copy (local_error));
      report_write_error (self, sale_id, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

/**
 * reji_journal_record_refund_result:
 * @self: a journal
 * @sale_id: the id of a journaled sale
 * @amount: the amount that was requested, as given to
 *   reji_journal_record_refund_sending()
 * @idempotency_key: the refund request's key
 * @refund_error: (nullable): why the refund failed, or NULL when KOMOJU
 *   refunded it
 * @error: return location for a %REJI_JOURNAL_ERROR
 *
 * Records KOMOJU's response to a refund. A successful refund is deducted
 * from the sale in day totals.
 */
gboolean
reji_journal_record_refund_result (RejiJournal   *self,
                                   const char    *sale_id,
                                   gint64         amount,
                                   const char    *idempotency_key,
                                   const GError  *refund_error,
                                   GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *state = NULL;
  g_autofree char *detail = NULL;
  gint64 sale_amount, refunded, now = g_get_real_time ();
  gboolean ok;

  g_return_val_if_fail (REJI_IS_JOURNAL (self), FALSE);
  g_return_val_if_fail (sale_id != NULL, FALSE);

  state = lookup_state (self, sale_id, &sale_amount, &refunded, &local_error);
  if (state != NULL && begin (self, &local_error))
    {
      if (amount <= 0)
        amount = sale_amount - refunded;

      if (refund_error != NULL)
        detail = g_strdup_printf ("refund %" G_GINT64_FORMAT " failed: %s", amount, refund_error->message);
      else
        detail = g_strdup_printf ("refunded %" G_GINT64_FORMAT, amount);

      ok = insert_event (self, sale_id, now, state, NULL, idempotency_key, detail, &local_error);
      if (ok && refund_error == NULL)
        {
          stmt = prepare (self, "UPDATE sales SET refunded_amount = MIN (amount, refunded_amount + ?2), "
                                "updated_at = ?3 WHERE id = ?1",
                          REJI_JOURNAL_ERROR_WRITE, _("saving a refund"), &local_error);
          ok = stmt != NULL;
          if (ok)
            {
              bind_text (stmt, 1, sale_id);
              sqlite3_bind_int64 (stmt, 2, amount);
              sqlite3_bind_int64 (stmt, 3, now);
              ok = sqlite3_step (stmt) == SQLITE_DONE;
              if (!ok)
                set_sqlite_error (&local_error, REJI_JOURNAL_ERROR_WRITE, self->db, _("saving a refund"));
            }
        }
      commit_or_rollback (self, ok, local_error == NULL ? &local_error : NULL);
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, g_error_copy (local_error));
      report_write_error (self, sale_id, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

/* Reading */

static RejiJournalSale *
read_sale_row (sqlite3_stmt *stmt)
{
  RejiJournalSale *sale = reji_journal_sale_new ();
  g_autofree char *brand_name = NULL;
  const char *mode = (const char *) sqlite3_column_text (stmt, 1);
  const char *state = (const char *) sqlite3_column_text (stmt, 8);

  sale->id = dup_column_text (stmt, 0);
  if (!reji_journal_mode_from_string (mode, &sale->mode))
    sale->mode = REJI_MODE_LIVE;
  sale->created_at = sqlite3_column_int64 (stmt, 2);
  sale->updated_at = sqlite3_column_int64 (stmt, 3);
  sale->amount = sqlite3_column_int64 (stmt, 4);
  sale->currency = dup_column_text (stmt, 5);
  brand_name = dup_column_text (stmt, 6);
  sale->card_brand = REJI_CARD_BRAND_UNKNOWN;
  for (RejiCardBrand brand = REJI_CARD_BRAND_UNKNOWN; brand <= REJI_CARD_BRAND_UNIONPAY; brand++)
    if (g_strcmp0 (brand_name, reji_card_brand_get_name (brand)) == 0)
      sale->card_brand = brand;
  sale->card_last_four = dup_column_text (stmt, 7);
  if (!reji_journal_state_from_string (state, &sale->state))
    sale->state = REJI_SALE_STATE_OUTCOME_UNKNOWN;
  sale->return_url = dup_column_text (stmt, 9);
  sale->token_id = dup_column_text (stmt, 10);
  sale->authentication_url = dup_column_text (stmt, 11);
  sale->token_idempotency_key = dup_column_text (stmt, 12);
  sale->payment_idempotency_key = dup_column_text (stmt, 13);
  sale->deadline_time = sqlite3_column_int64 (stmt, 14);
  sale->payment_id = dup_column_text (stmt, 15);
  sale->error_code = dup_column_text (stmt, 16);
  sale->error_message = dup_column_text (stmt, 17);
  sale->refunded_amount = sqlite3_column_int64 (stmt, 18);

  return sale;
}

static GPtrArray *
collect_sales (RejiJournal   *self,
               sqlite3_stmt  *stmt,
               GError       **error)
{
  g_autoptr(GPtrArray) sales = g_ptr_array_new_with_free_func ((GDestroyNotify) reji_journal_sale_free);
  int status;

  while ((status = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (sales, read_sale_row (stmt));

  if (status != SQLITE_DONE)
    {
      set_sqlite_error (error, REJI_JOURNAL_ERROR_READ, self->db, _("reading sales"));
      return NULL;
    }

  return g_steal_pointer (&sales);
}

/**
 * reji_journal_lookup_sale:
 * @self: a journal
 * @sale_id: a sale id
 * @error: return location for a %REJI_JOURNAL_ERROR,
 *   %REJI_JOURNAL_ERROR_NOT_FOUND for an unknown id
 *
 * Returns: (transfer full) (nullable): the sale's row
 */
RejiJournalSale *
reji_journal_lookup_sale (RejiJournal  *self,
                          const char   *sale_id,
                          GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) sales = NULL;

  g_return_val_if_fail (REJI_IS_JOURNAL (self), NULL);
  g_return_val_if_fail (sale_id != NULL, NULL);

  stmt = prepare (self, "SELECT " SALE_COLUMNS " FROM sales WHERE id = ?1",
                  REJI_JOURNAL_ERROR_READ, _("reading sales"), error);
  if (stmt == NULL)
    return NULL;

  bind_text (stmt, 1, sale_id);
  sales = collect_sales (self, stmt, error);
  if (sales == NULL)
    return NULL;

  if (sales->len == 0)
    {
      g_set_error (error, REJI_JOURNAL_ERROR, REJI_JOURNAL_ERROR_NOT_FOUND,
                   _("The sales journal has no sale %s."), sale_id);
      return NULL;
    }

  return g_ptr_array_steal_index (sales, 0);
}

/**
 * reji_journal_list_unfinished:
 * @self: a journal
 * @error: return location for a %REJI_JOURNAL_ERROR
 *
 * Lists the sales Reji left while a request could still change their
 * outcome: creating the token, waiting for 3-D Secure, charging, or with
 * an unknown charge outcome. Oldest first.
 *
 * Returns: (transfer container) (element-type RejiJournalSale) (nullable):
 *   the sales
 */
GPtrArray *
reji_journal_list_unfinished (RejiJournal  *self,
                              GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (REJI_IS_JOURNAL (self), NULL);

  stmt = prepare (self,
                  "SELECT " SALE_COLUMNS " FROM sales "
                  "WHERE state IN (?1, ?2, ?3, ?4) ORDER BY created_at, id",
                  REJI_JOURNAL_ERROR_READ, _("reading sales"), error);
  if (stmt == NULL)
    return NULL;

  bind_text (stmt, 1, reji_journal_state_to_string (REJI_SALE_STATE_CREATING_TOKEN));
  bind_text (stmt, 2, reji_journal_state_to_string (REJI_SALE_STATE_AWAITING_3DS));
  bind_text (stmt, 3, reji_journal_state_to_string (REJI_SALE_STATE_CHARGING));
  bind_text (stmt, 4, reji_journal_state_to_string (REJI_SALE_STATE_OUTCOME_UNKNOWN));

  return collect_sales (self, stmt, error);
}

/* The local day that contains @day, as [start, end) in wall-clock µs. */
static void
get_day_range (GDateTime *day,
               gint64    *out_start,
               gint64    *out_end)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (day);
  g_autoptr(GDateTime) start = g_date_time_new_local (g_date_time_get_year (local),
                                                      g_date_time_get_month (local),
                                                      g_date_time_get_day_of_month (local),
                                                      0, 0, 0);
  g_autoptr(GDateTime) end = g_date_time_add_days (start, 1);

  *out_start = g_date_time_to_unix (start) * G_USEC_PER_SEC;
  *out_end = g_date_time_to_unix (end) * G_USEC_PER_SEC;
}

/**
 * reji_journal_list_day:
 * @self: a journal
 * @day: any time on the local day to list
 * @state: a #RejiSaleState to list only, or -1 for all
 * @mode: a #RejiMode to list only, or -1 for all
 * @error: return location for a %REJI_JOURNAL_ERROR
 *
 * Returns: (transfer container) (element-type RejiJournalSale) (nullable):
 *   the sales started on that day, oldest first
 */
GPtrArray *
reji_journal_list_day (RejiJournal  *self,
                       GDateTime    *day,
                       int           state,
                       int           mode,
                       GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 start, end;

  g_return_val_if_fail (REJI_IS_JOURNAL (self), NULL);
  g_return_val_if_fail (day != NULL, NULL);

  stmt = prepare (self,
                  "SELECT " SALE_COLUMNS " FROM sales "
                  "WHERE created_at >= ?1 AND created_at < ?2 "
                  "  AND (?3 IS NULL OR state = ?3) AND (?4 IS NULL OR mode = ?4) "
                  "ORDER BY created_at, id",
                  REJI_JOURNAL_ERROR_READ, _("reading sales"), error);
  if (stmt == NULL)
    return NULL;

  get_day_range (day, &start, &end);
  sqlite3_bind_int64 (stmt, 1, start);
  sqlite3_bind_int64 (stmt, 2, end);
  bind_text (stmt, 3, state >= 0 ? reji_journal_state_to_string (state) : NULL);
  bind_text (stmt, 4, mode >= 0 ? reji_journal_mode_to_string (mode) : NULL);

  return collect_sales (self, stmt, error);
}

/**
 * reji_journal_list_events:
 * @self: a journal
 * @sale_id: a sale id
 * @error: return location for a %REJI_JOURNAL_ERROR
 *
 * Returns: (transfer container) (element-type RejiJournalEvent) (nullable):
 *   the sale's events in the order they were written
 */
GPtrArray *
reji_journal_list_events (RejiJournal  *self,
                          const char   *sale_id,
                          GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) events = NULL;
  int status;

  g_return_val_if_fail (REJI_IS_JOURNAL (self), NULL);
  g_return_val_if_fail (sale_id != NULL, NULL);

  stmt = prepare (self,
                  "SELECT id, sale_id, at, state, request, idempotency_key, detail "
                  "FROM sale_events WHERE sale_id = ?1 ORDER BY id",
                  REJI_JOURNAL_ERROR_READ, _("reading sale events"), error);
  if (stmt == NULL)
    return NULL;

  bind_text (stmt, 1, sale_id);
  events = g_ptr_array_new_with_free_func ((GDestroyNotify) reji_journal_event_free);
  while ((status = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      RejiJournalEvent *event = reji_journal_event_new ();

      event->id = sqlite3_column_int64 (stmt, 0);
      event->sale_id = dup_column_text (stmt, 1);
      event->at = sqlite3_column_int64 (stmt, 2);
      if (!reji_journal_state_from_string ((const char *) sqlite3_column_text (stmt, 3), &event->state))
        event->state = REJI_SALE_STATE_OUTCOME_UNKNOWN;
      event->request = dup_column_text (stmt, 4);
      event->idempotency_key = dup_column_text (stmt, 5);
      event->detail = dup_column_text (stmt, 6);
      g_ptr_array_add (events, event);
    }

  if (status != SQLITE_DONE)
    {
      set_sqlite_error (error, REJI_JOURNAL_ERROR_READ, self->db, _("reading sale events"));
      return NULL;
    }

  return g_steal_pointer (&events);
}

/**
 * reji_journal_get_day_totals:
 * @self: a journal
 * @day: any time on the local day to sum
 * @error: return location for a %REJI_JOURNAL_ERROR
 *
 * Sums the paid sales started on that day per currency, less what was
 * refunded. Training sales never count.
 *
 * Returns: (transfer full) (element-type RejiJournalTotal) (nullable): one
 *   total per currency, sorted by currency code
 */
GArray *
reji_journal_get_day_totals (RejiJournal  *self,
                             GDateTime    *day,
                             GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GArray) totals = NULL;
  gint64 start, end;
  int status;

  g_return_val_if_fail (REJI_IS_JOURNAL (self), NULL);
  g_return_val_if_fail (day != NULL, NULL);

  stmt = prepare (self,
                  "SELECT currency, SUM (amount - refunded_amount), COUNT (*) FROM sales "
                  "WHERE created_at >= ?1 AND created_at < ?2 AND state = ?3 AND mode != ?4 "
                  "GROUP BY currency ORDER BY currency",
                  REJI_JOURNAL_ERROR_READ, _("adding up sales"), error);
  if (stmt == NULL)
    return NULL;

  get_day_range (day, &start, &end);
  sqlite3_bind_int64 (stmt, 1, start);
  sqlite3_bind_int64 (stmt, 2, end);
  bind_text (stmt, 3, reji_journal_state_to_string (REJI_SALE_STATE_PAID));
  bind_text (stmt, 4, reji_journal_mode_to_string (REJI_MODE_TRAINING));

  totals = g_array_new (FALSE, TRUE, sizeof (RejiJournalTotal));
  while ((status = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      RejiJournalTotal total = { { 0 }, 0, 0 };

      g_strlcpy (total.currency, (const char *) sqlite3_column_text (stmt, 0), sizeof total.currency);
      total.amount = sqlite3_column_int64 (stmt, 1);
      total.n_sales = sqlite3_column_int (stmt, 2);
      g_array_append_val (totals, total);
    }

  if (status != SQLITE_DONE)
    {
      set_sqlite_error (error, REJI_JOURNAL_ERROR_READ, self->db, _("adding up sales"));
      return NULL;
    }

  return g_steal_pointer (&totals);
}

/* GObject */

static void
reji_journal_finalize (GObject *object)
{
  RejiJournal *self = REJI_JOURNAL (object);

  /* The last connection to close checkpoints the log into the file. */
  if (self->db != NULL && sqlite3_close (self->db) != SQLITE_OK)
    g_warning ("Journal %s did not close cleanly: %s", self->path, sqlite3_errmsg (self->db));
  g_clear_pointer (&self->path, g_free);
  g_clear_error (&self->write_error);

  G_OBJECT_CLASS (reji_journal_parent_class)->finalize (object);
}

static void
reji_journal_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  RejiJournal *self = REJI_JOURNAL (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_WRITE_ERROR:
      g_value_set_boxed (value, self->write_error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
reji_journal_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  RejiJournal *self = REJI_JOURNAL (object);

  switch (prop_id)
    {
    case PROP_PATH:
      self->path = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
reji_journal_class_init (RejiJournalClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = reji_journal_finalize;
  object_class->get_property = reji_journal_get_property;
  object_class->set_property = reji_journal_set_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_WRITE_ERROR] =
    g_param_spec_boxed ("write-error", NULL, NULL, G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RejiJournal::write-failed:
   * @journal: the journal
   * @sale_id: the sale whose record was lost
   * @error: what failed
   *
   * Emitted after a sale or event could not be written, so the UI can
   * warn the cashier that this sale is not in the journal.
   */
  signals[WRITE_FAILED] =
    g_signal_new ("write-failed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2,
                  G_TYPE_STRING, G_TYPE_ERROR);
}

static void
reji_journal_init (RejiJournal *self)
{
}
