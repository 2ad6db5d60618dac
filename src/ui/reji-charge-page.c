/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "reji-card.h"
#include "reji-charge-page.h"
#include "reji-input-format.h"
#include "reji-money.h"

#define SETTINGS_SCHEMA_ID "io.github.reji_pos.Reji"

typedef enum
{
  FIELD_AMOUNT,
  FIELD_NUMBER,
  FIELD_EXPIRY,
  FIELD_SECURITY_CODE,
  FIELD_NAME,
  FIELD_EMAIL,
  N_FIELDS
} FieldId;

typedef struct
{
  GtkEditable *entry;
  GtkLabel    *error_label;
  /* Set once the cashier typed in the field, so leaving it checks it. */
  gboolean     touched;
  /* Set while an input method composes text in the field. */
  gboolean     composing;
  /* The length after the last reformat, to tell typing from deleting. */
  int          formatted_length;
} Field;

/* What a valid form produces. */
typedef struct
{
  gint64           amount;
  RejiCardDetails *card;
} FormValues;

struct _RejiChargePage
{
  AdwBin       parent_instance;

  GtkEntry    *amount_entry;
  GtkDropDown *currency_dropdown;
  GtkEntry    *number_entry;
  GtkLabel    *brand_label;
  GtkEntry    *expiry_entry;
  GtkEntry    *security_code_entry;
  GtkEntry    *name_entry;
  GtkEntry    *email_entry;
  GtkLabel    *amount_error;
  GtkLabel    *number_error;
  GtkLabel    *expiry_error;
  GtkLabel    *security_code_error;
  GtkLabel    *name_error;
  GtkLabel    *email_error;
  GtkWidget   *busy_box;
  GtkLabel    *submit_error;
  GtkLabel    *card_notice;
  GtkButton   *charge_button;

  Field        fields[N_FIELDS];
  /* TRUE while the page sets its entries' text itself. */
  gboolean     clearing;
  guint        reformat_id;
  /* An amount above the currency's ceiling that the cashier confirmed. */
  gint64       confirmed_amount;
  char        *confirmed_currency;
  /* The currency a new sale starts with. */
  char        *default_currency;
  /* Name and e-mail of the last sale sent, kept to fill in a repeated
   * sale; they are not card data. */
  char        *last_name;
  char        *last_email;
  RejiSale    *sale;
};

G_DEFINE_FINAL_TYPE (RejiChargePage, reji_charge_page, ADW_TYPE_BIN)

/* Frees a string that held card data after overwriting it. */
static void
wipe_string (char *text)
{
  if (text == NULL)
    return;
  explicit_bzero (text, strlen (text));
  g_free (text);
}

typedef char *RejiSecretString;
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (RejiSecretString, wipe_string, NULL)

static const char *
get_currency (RejiChargePage *self)
{
  GtkStringObject *item = gtk_drop_down_get_selected_item (self->currency_dropdown);

  return item != NULL ? gtk_string_object_get_string (item) : "JPY";
}

static const char *
get_field_text (RejiChargePage *self,
                FieldId         id)
{
  return gtk_editable_get_text (self->fields[id].entry);
}

/* The brand of the digits typed so far, or UNKNOWN. */
static RejiCardBrand
detect_brand (RejiChargePage *self)
{
  g_auto(RejiSecretString) digits = NULL;

  digits = reji_card_normalize_number (get_field_text (self, FIELD_NUMBER), NULL);
  if (digits == NULL || *digits == '\0')
    return REJI_CARD_BRAND_UNKNOWN;

  return reji_card_brand_from_number (digits);
}

static gboolean
check_expiry (RejiChargePage  *self,
              FormValues      *values,
              GError         **error)
{
  guint month = 0;
  guint year = 0;

  if (!reji_card_parse_expiry (get_field_text (self, FIELD_EXPIRY), &month, &year, error))
    return FALSE;
  if (!reji_card_check_expiry (month, year, NULL, error))
    return FALSE;

  values->card->month = month;
  values->card->year = year;
  return TRUE;
}

/* The e-mail address is optional: an empty field is valid and sends none. */
static gboolean
check_email (RejiChargePage  *self,
             FormValues      *values,
             GError         **error)
{
  g_autofree char *stripped = g_strstrip (g_strdup (get_field_text (self, FIELD_EMAIL)));
  GError *local_error = NULL;

  if (*stripped == '\0')
    return TRUE;

  values->card->email = reji_card_check_email (stripped, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

/* Checks one field with the core check functions and stores the result in
 * @values. */
static gboolean
check_field (RejiChargePage  *self,
             FieldId          id,
             FormValues      *values,
             GError         **error)
{
  RejiCardDetails *card = values->card;
  const char *text = get_field_text (self, id);

  switch (id)
    {
    case FIELD_AMOUNT:
      return reji_money_parse (text, get_currency (self), &values->amount, error);
    case FIELD_NUMBER:
      wipe_string (g_steal_pointer (&card->number));
      card->number = reji_card_check_number (text, &card->brand, error);
      return card->number != NULL;
    case FIELD_EXPIRY:
      return check_expiry (self, values, error);
    case FIELD_SECURITY_CODE:
      wipe_string (g_steal_pointer (&card->security_code));
      card->security_code = reji_card_check_security_code (text, detect_brand (self), error);
      return card->security_code != NULL;
    case FIELD_NAME:
      g_clear_pointer (&card->name, g_free);
      card->name = reji_card_check_name (text, error);
      return card->name != NULL;
    case FIELD_EMAIL:
      return check_email (self, values, error);
    case N_FIELDS:
    default:
      g_assert_not_reached ();
    }
}

static void
show_field_error (RejiChargePage *self,
                  FieldId         id,
                  const GError   *error)
{
  Field *field = &self->fields[id];

  gtk_widget_set_visible (GTK_WIDGET (field->error_label), error != NULL);
  gtk_label_set_text (field->error_label, error != NULL ? error->message : "");
  if (error != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (field->entry), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (field->entry), "error");
}

/* Checks one field on its own and shows or hides its error. */
static gboolean
validate_field (RejiChargePage *self,
                FieldId         id)
{
  g_autoptr(RejiCardDetails) card = reji_card_details_new ();
  g_autoptr(GError) error = NULL;
  FormValues values = { 0, card };
  gboolean valid;

  valid = check_field (self, id, &values, &error);
  show_field_error (self, id, error);
  return valid;
}

static void
update_charge_label (RejiChargePage *self)
{
  g_autofree char *label = NULL;
  g_autofree char *formatted = NULL;
  gint64 amount = 0;

  if (self->sale != NULL && reji_sale_get_state (self->sale) != REJI_SALE_STATE_EDITING)
    formatted = reji_money_format (reji_sale_get_amount (self->sale),
                                   reji_sale_get_currency (self->sale));
  else if (reji_money_parse (get_field_text (self, FIELD_AMOUNT), get_currency (self), &amount, NULL))
    formatted = reji_money_format (amount, get_currency (self));

  if (formatted != NULL)
    /* Translators: the charge button once the amount is valid; %s is the
     * amount with its currency sign, for example "¥1,000" */
    label = g_strdup_printf (_("Charge %s"), formatted);
  else
    label = g_strdup (_("Charge"));

  gtk_button_set_label (self->charge_button, label);
}

static void
update_brand (RejiChargePage *self)
{
  RejiCardBrand brand = detect_brand (self);

  gtk_label_set_text (self->brand_label,
                      brand != REJI_CARD_BRAND_UNKNOWN ? reji_card_brand_get_name (brand) : "");
}

static FieldId
find_field (RejiChargePage *self,
            GtkWidget      *widget)
{
  for (guint i = 0; i < N_FIELDS; i++)
    {
      if (GTK_WIDGET (self->fields[i].entry) == widget)
        return (FieldId) i;
    }

  return N_FIELDS;
}

/* Replaces the text of @id with its formatted form, keeping the cursor
 * on the same digit. Fields without a format are left alone. */
static void
reformat_field (RejiChargePage *self,
                FieldId         id)
{
  Field *field = &self->fields[id];
  g_auto(RejiSecretString) text = g_strdup (gtk_editable_get_text (field->entry));
  g_auto(RejiSecretString) formatted = NULL;
  int length = (int) g_utf8_strlen (text, -1);
  int cursor = gtk_editable_get_position (field->entry);

  if (field->composing)
    return;

  if (id == FIELD_AMOUNT)
    formatted = reji_input_format_amount (text, &cursor);
  else if (id == FIELD_NUMBER)
    formatted = reji_input_format_card_number (text, &cursor);
  else if (id == FIELD_EXPIRY)
    formatted = reji_input_format_expiry (text, &cursor, length > field->formatted_length);

  field->formatted_length = length;
  if (formatted == NULL || strcmp (formatted, text) == 0)
    return;

  self->clearing = TRUE;
  gtk_editable_set_text (field->entry, formatted);
  gtk_editable_set_position (field->entry, cursor);
  self->clearing = FALSE;
  field->formatted_length = (int) g_utf8_strlen (formatted, -1);
}

/* Runs once the entry has moved its cursor after an edit, before the
 * next frame is drawn. */
static gboolean
reformat_idle_cb (gpointer user_data)
{
  RejiChargePage *self = REJI_CHARGE_PAGE (user_data);

  self->reformat_id = 0;
  reformat_field (self, FIELD_AMOUNT);
  reformat_field (self, FIELD_NUMBER);
  reformat_field (self, FIELD_EXPIRY);
  update_charge_label (self);
  update_brand (self);
  return G_SOURCE_REMOVE;
}

static void
field_changed_cb (GtkEditable    *entry,
                  RejiChargePage *self)
{
  FieldId id = find_field (self, GTK_WIDGET (entry));

  if (self->clearing || id == N_FIELDS)
    return;

  /* An error is shown when the field is left, never while typing, and
   * the next edit hides it again. */
  self->fields[id].touched = TRUE;
  show_field_error (self, id, NULL);

  if (id == FIELD_AMOUNT)
    update_charge_label (self);
  else if (id == FIELD_NUMBER)
    update_brand (self);

  if ((id == FIELD_AMOUNT || id == FIELD_NUMBER || id == FIELD_EXPIRY) && self->reformat_id == 0)
    self->reformat_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, reformat_idle_cb, self, NULL);
}

/* An input method is composing while its preedit text is not empty: the
 * field must not be rewritten under it. */
static void
preedit_changed_cb (GtkText        *text,
                    const char     *preedit,
                    RejiChargePage *self)
{
  FieldId id = find_field (self, gtk_widget_get_parent (GTK_WIDGET (text)));

  if (id == N_FIELDS)
    return;

  self->fields[id].composing = preedit != NULL && *preedit != '\0';
  if (!self->fields[id].composing)
    reformat_field (self, id);
}

static void
field_focus_leave_cb (GtkEventControllerFocus *controller,
                      RejiChargePage          *self)
{
  GtkWidget *widget = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  FieldId id = find_field (self, widget);

  if (id == N_FIELDS || !self->fields[id].touched)
    return;

  self->fields[id].composing = FALSE;
  reformat_field (self, id);
  validate_field (self, id);
}

static void
currency_changed_cb (RejiChargePage *self)
{
  update_charge_label (self);
  if (self->fields[FIELD_AMOUNT].touched)
    validate_field (self, FIELD_AMOUNT);
}

/* Checks every field, shows every error and focuses the first field at
 * fault. Returns the card details only when all fields are valid. */
static RejiCardDetails *
validate_form (RejiChargePage *self,
               gint64         *out_amount)
{
  g_autoptr(RejiCardDetails) card = reji_card_details_new ();
  FormValues values = { 0, card };
  GtkWidget *first_invalid = NULL;

  for (guint i = 0; i < N_FIELDS; i++)
    {
      g_autoptr(GError) error = NULL;

      if (!check_field (self, (FieldId) i, &values, &error) && first_invalid == NULL)
        first_invalid = GTK_WIDGET (self->fields[i].entry);
      show_field_error (self, (FieldId) i, error);
    }

  if (first_invalid != NULL)
    {
      gtk_widget_grab_focus (first_invalid);
      return NULL;
    }

  *out_amount = values.amount;
  return g_steal_pointer (&card);
}

/* TRUE if every field is valid; shows nothing. */
static gboolean
form_is_valid (RejiChargePage *self)
{
  g_autoptr(RejiCardDetails) card = reji_card_details_new ();
  FormValues values = { 0, card };

  for (guint i = 0; i < N_FIELDS; i++)
    {
      if (!check_field (self, (FieldId) i, &values, NULL))
        return FALSE;
    }

  return TRUE;
}

static void charge_cb (RejiChargePage *self);

static void
ceiling_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     RejiChargePage   *self)
{
  if (g_strcmp0 (response, "charge") == 0)
    {
      g_message ("The cashier confirmed an amount above the usual ceiling");
      charge_cb (self);
    }
  else
    {
      self->confirmed_amount = 0;
      gtk_widget_grab_focus (GTK_WIDGET (self->amount_entry));
    }
}

/* Asks a second time before an unusually large amount is charged: a yen
 * amount typed with two zeros too many looks like any other amount. */
static void
confirm_large_amount (RejiChargePage *self,
                      gint64          amount)
{
  const char *currency = get_currency (self);
  g_autofree char *formatted = reji_money_format (amount, currency);
  g_autofree char *ceiling = reji_money_format (reji_input_get_amount_ceiling (currency), currency);
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  g_autofree char *charge_label = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;

  /* Translators: the title of the dialog for a large amount; %s is the
   * amount with its currency sign, for example "¥2,000,000" */
  heading = g_strdup_printf (_("Charge %s?"), formatted);
  /* Translators: %s is the usual ceiling, for example "¥1,000,000" */
  body = g_strdup_printf (_("This is more than %s. Read the amount back to the customer: "
                            "an extra zero is easy to miss."), ceiling);
  /* Translators: the button that confirms a large amount; %s is the amount */
  charge_label = g_strdup_printf (_("_Charge %s"), formatted);

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("C_orrect the Amount"),
                                    "charge", charge_label,
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "charge",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (ceiling_response_cb), self, 0);

  self->confirmed_amount = amount;
  g_free (self->confirmed_currency);
  self->confirmed_currency = g_strdup (currency);
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
amount_needs_confirmation (RejiChargePage *self,
                           gint64          amount)
{
  const char *currency = get_currency (self);

  if (amount <= reji_input_get_amount_ceiling (currency))
    return FALSE;

  return amount != self->confirmed_amount || g_strcmp0 (currency, self->confirmed_currency) != 0;
}

static void
charge_cb (RejiChargePage *self)
{
  g_autoptr(RejiCardDetails) card = NULL;
  g_autoptr(GError) error = NULL;
  gint64 amount = 0;

  if (self->sale == NULL || reji_sale_get_state (self->sale) != REJI_SALE_STATE_EDITING)
    return;

  gtk_widget_set_visible (GTK_WIDGET (self->submit_error), FALSE);
  card = validate_form (self, &amount);
  if (card == NULL)
    return;

  if (amount_needs_confirmation (self, amount))
    {
      confirm_large_amount (self, amount);
      return;
    }

  g_free (self->last_name);
  self->last_name = g_strdup (get_field_text (self, FIELD_NAME));
  g_free (self->last_email);
  self->last_email = g_strdup (get_field_text (self, FIELD_EMAIL));

  if (!reji_sale_submit (self->sale, amount, get_currency (self), g_steal_pointer (&card), &error))
    {
      g_warning ("Could not submit sale %s: %s", reji_sale_get_id (self->sale), error->message);
      gtk_label_set_text (self->submit_error, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->submit_error), TRUE);
    }
}

/* Enter charges once the whole form is valid. Before that it shows what
 * is wrong with this field, or moves on to the next one. */
static void
field_activate_cb (GtkEditable    *entry,
                   RejiChargePage *self)
{
  FieldId id = find_field (self, GTK_WIDGET (entry));
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  reformat_field (self, id);
  if (form_is_valid (self))
    {
      charge_cb (self);
      return;
    }

  if (!validate_field (self, id))
    return;

  if (id == N_FIELDS - 1)
    charge_cb (self);
  else if (root != NULL)
    gtk_widget_child_focus (GTK_WIDGET (root), GTK_DIR_TAB_FORWARD);
}

static void
select_currency (RejiChargePage *self,
                 const char     *code)
{
  GListModel *model = G_LIST_MODEL (gtk_drop_down_get_model (self->currency_dropdown));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

      if (g_strcmp0 (gtk_string_object_get_string (item), code) == 0)
        {
          gtk_drop_down_set_selected (self->currency_dropdown, i);
          return;
        }
    }
}

static void
clear_form (RejiChargePage *self)
{
  g_clear_handle_id (&self->reformat_id, g_source_remove);

  self->clearing = TRUE;
  for (guint i = 0; i < N_FIELDS; i++)
    {
      gtk_editable_set_text (self->fields[i].entry, "");
      self->fields[i].touched = FALSE;
      self->fields[i].formatted_length = 0;
      show_field_error (self, (FieldId) i, NULL);
    }
  self->clearing = FALSE;

  self->confirmed_amount = 0;
  gtk_label_set_text (self->brand_label, "");
  gtk_widget_set_visible (GTK_WIDGET (self->submit_error), FALSE);
}

static void
sale_state_changed_cb (RejiChargePage *self)
{
  RejiSaleState state = reji_sale_get_state (self->sale);
  gboolean editing = state == REJI_SALE_STATE_EDITING;

  /* The card data must not stay on screen once it has been sent. */
  if (!editing)
    {
      clear_form (self);
      gtk_widget_set_visible (GTK_WIDGET (self->card_notice), FALSE);
    }

  for (guint i = 0; i < N_FIELDS; i++)
    gtk_widget_set_sensitive (GTK_WIDGET (self->fields[i].entry), editing);
  gtk_widget_set_sensitive (GTK_WIDGET (self->currency_dropdown), editing);
  gtk_widget_set_sensitive (GTK_WIDGET (self->charge_button), editing);
  gtk_widget_set_visible (self->busy_box, state == REJI_SALE_STATE_CREATING_TOKEN);
  update_charge_label (self);
}

/**
 * reji_charge_page_set_sale:
 * @self: a #RejiChargePage
 * @sale: (nullable): the sale the form fills in
 *
 * Empties the form, selects the default currency and follows @sale's
 * state from now on.
 */
void
reji_charge_page_set_sale (RejiChargePage *self,
                           RejiSale       *sale)
{
  g_return_if_fail (REJI_IS_CHARGE_PAGE (self));
  g_return_if_fail (sale == NULL || REJI_IS_SALE (sale));

  if (self->sale != NULL)
    g_signal_handlers_disconnect_by_data (self->sale, self);
  g_set_object (&self->sale, sale);

  clear_form (self);
  gtk_widget_set_visible (GTK_WIDGET (self->card_notice), FALSE);
  select_currency (self, self->default_currency);
  if (sale != NULL)
    {
      g_signal_connect_object (sale, "notify::state",
                               G_CALLBACK (sale_state_changed_cb), self,
                               G_CONNECT_SWAPPED);
      sale_state_changed_cb (self);
    }
}

/**
 * reji_charge_page_repeat_sale:
 * @self: a #RejiChargePage showing a new sale in EDITING
 * @amount: the amount of the abandoned sale, in minor units
 * @currency: its currency
 *
 * Fills in the amount, currency, name and e-mail of the sale sent last,
 * and asks for the card again: its number and security code were wiped
 * when the token request was sent. Focuses the card number.
 */
void
reji_charge_page_repeat_sale (RejiChargePage *self,
                              gint64          amount,
                              const char     *currency)
{
  const RejiCurrency *info = reji_currency_lookup (currency);
  g_autofree char *amount_text = NULL;
  gint64 scale = 1;

  g_return_if_fail (REJI_IS_CHARGE_PAGE (self));
  g_return_if_fail (info != NULL);

  for (guint i = 0; i < info->exponent; i++)
    scale *= 10;
  if (info->exponent > 0)
    amount_text = g_strdup_printf ("%" G_GINT64_FORMAT ".%0*" G_GINT64_FORMAT,
                                   amount / scale, (int) info->exponent, amount % scale);
  else
    amount_text = g_strdup_printf ("%" G_GINT64_FORMAT, amount);

  select_currency (self, currency);
  gtk_editable_set_text (self->fields[FIELD_AMOUNT].entry, amount_text);
  reformat_field (self, FIELD_AMOUNT);
  gtk_editable_set_text (self->fields[FIELD_NAME].entry, self->last_name != NULL ? self->last_name : "");
  gtk_editable_set_text (self->fields[FIELD_EMAIL].entry, self->last_email != NULL ? self->last_email : "");
  /* The same amount was confirmed for the abandoned sale. */
  self->confirmed_amount = amount;
  g_free (self->confirmed_currency);
  self->confirmed_currency = g_strdup (currency);

  gtk_widget_set_visible (GTK_WIDGET (self->card_notice), TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->number_entry));
}

void
reji_charge_page_focus_amount (RejiChargePage *self)
{
  g_return_if_fail (REJI_IS_CHARGE_PAGE (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->amount_entry));
}

/* The `default-currency` setting when the schema is installed (it is
 * optional, so Reji also runs from a build directory), else JPY. */
static char *
lookup_default_currency (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *code = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, SETTINGS_SCHEMA_ID, TRUE);
  if (schema == NULL || !g_settings_schema_has_key (schema, "default-currency"))
    return g_strdup ("JPY");

  settings = g_settings_new_full (schema, NULL, NULL);
  code = g_settings_get_string (settings, "default-currency");
  if (reji_currency_lookup (code) == NULL)
    {
      g_warning ("Ignoring the default currency “%s”: KOMOJU does not accept it", code);
      return g_strdup ("JPY");
    }

  return g_steal_pointer (&code);
}

static void
setup_currencies (RejiChargePage *self)
{
  g_autoptr(GtkStringList) codes = gtk_string_list_new (NULL);
  const RejiCurrency *currencies;
  guint n_currencies = 0;

  currencies = reji_currency_get_all (&n_currencies);
  for (guint i = 0; i < n_currencies; i++)
    gtk_string_list_append (codes, currencies[i].code);

  gtk_drop_down_set_model (self->currency_dropdown, G_LIST_MODEL (codes));
  self->default_currency = lookup_default_currency ();
  select_currency (self, self->default_currency);
}

static void
setup_field (RejiChargePage *self,
             FieldId         id,
             GtkEntry       *entry,
             GtkLabel       *error_label)
{
  GtkEventController *focus = gtk_event_controller_focus_new ();
  GtkEditable *text = gtk_editable_get_delegate (GTK_EDITABLE (entry));

  self->fields[id].entry = GTK_EDITABLE (entry);
  self->fields[id].error_label = error_label;

  g_signal_connect (entry, "changed", G_CALLBACK (field_changed_cb), self);
  g_signal_connect (entry, "activate", G_CALLBACK (field_activate_cb), self);
  g_signal_connect (text, "preedit-changed", G_CALLBACK (preedit_changed_cb), self);
  g_signal_connect (focus, "leave", G_CALLBACK (field_focus_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (entry), focus);

  /* Screen readers read the error together with the field. */
  gtk_accessible_update_relation (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, error_label, NULL,
                                  -1);
}

/* Keeps the card number off the clipboard, where any program could read
 * it: the copy and cut key bindings and menu items all end in these
 * signals. */
static void
block_clipboard_cb (GtkText *text)
{
  g_debug ("Refused to put a card field's text on the clipboard");
  g_signal_stop_emission_by_name (text, "copy-clipboard");
}

static void
block_cut_cb (GtkText *text)
{
  g_debug ("Refused to cut a card field's text to the clipboard");
  g_signal_stop_emission_by_name (text, "cut-clipboard");
}

/* GtkText enables its copy and cut actions again whenever the selection
 * moves or its menu opens, so they are disabled after each time. */
static void
disable_clipboard_actions (GtkWidget *text)
{
  gtk_widget_action_set_enabled (text, "clipboard.copy", FALSE);
  gtk_widget_action_set_enabled (text, "clipboard.cut", FALSE);
}

static void
text_children_changed_cb (GListModel *children,
                          guint       position,
                          guint       removed,
                          guint       added,
                          GtkWidget  *text)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(GObject) child = g_list_model_get_item (children, i);

      if (GTK_IS_POPOVER (child))
        g_signal_connect_object (child, "map", G_CALLBACK (disable_clipboard_actions),
                                 text, G_CONNECT_SWAPPED);
    }
}

static void
protect_card_entry (GtkEntry *entry,
                    gboolean  visible)
{
  g_autoptr(GtkEntryBuffer) buffer = gtk_password_entry_buffer_new ();
  GtkWidget *text = GTK_WIDGET (gtk_editable_get_delegate (GTK_EDITABLE (entry)));
  GListModel *children;
  int max_length = gtk_entry_get_max_length (entry);

  /* The password buffer wipes its memory when the text changes or goes. */
  gtk_entry_set_buffer (entry, buffer);
  gtk_entry_set_max_length (entry, max_length);
  gtk_entry_set_visibility (entry, visible);

  g_signal_connect (text, "copy-clipboard", G_CALLBACK (block_clipboard_cb), NULL);
  g_signal_connect (text, "cut-clipboard", G_CALLBACK (block_cut_cb), NULL);
  g_signal_connect (text, "notify::selection-bound", G_CALLBACK (disable_clipboard_actions), NULL);
  g_signal_connect (text, "notify::cursor-position", G_CALLBACK (disable_clipboard_actions), NULL);
  disable_clipboard_actions (text);

  children = gtk_widget_observe_children (text);
  g_signal_connect_object (children, "items-changed", G_CALLBACK (text_children_changed_cb),
                           text, 0);
  g_object_set_data_full (G_OBJECT (text), "reji-observed-children", children, g_object_unref);
}

static void
reji_charge_page_dispose (GObject *object)
{
  RejiChargePage *self = REJI_CHARGE_PAGE (object);

  g_clear_handle_id (&self->reformat_id, g_source_remove);
  if (self->sale != NULL)
    g_signal_handlers_disconnect_by_data (self->sale, self);
  g_clear_object (&self->sale);

  G_OBJECT_CLASS (reji_charge_page_parent_class)->dispose (object);
}

static void
reji_charge_page_finalize (GObject *object)
{
  RejiChargePage *self = REJI_CHARGE_PAGE (object);

  g_free (self->confirmed_currency);
  g_free (self->default_currency);
  g_free (self->last_name);
  g_free (self->last_email);

  G_OBJECT_CLASS (reji_charge_page_parent_class)->finalize (object);
}

static void
reji_charge_page_class_init (RejiChargePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = reji_charge_page_dispose;
  object_class->finalize = reji_charge_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/reji-charge-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RejiChargePage, amount_entry);
  gtk_widget_class_bind_template_child (widget_class, RejiChargePage, currency_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RejiChargePage, number_entry);
  gtk_widget_class_bind_template_child (widget_class, RejiChargePage, brand_label);
  gtk_widget_class_bind_template_child (widget_class, RejiChargePage, expiry_entry);
  gtk_widget_class_bind_template_child (widget_class, RejiChargePage, security_code_entry);
  gtk_widget_class_bind_template_child (widget_class, RejiChargePage, name_entry);
  gtk_widget_class_bind_template_child (widget_class, RejiChargePage, email_entry);
  gtk_widget_class_bind_template_child (widget_class, RejiChargePage, amount_error);
  gtk_widget_class_bind_template_child (widget_class, RejiChargePage, number_error);
  gtk_widget_class_bind_template_child (widget_class, RejiChargePage, expiry_error);
  gtk_widget_class_bind_template_child (widget_class, RejiChargePage, security_code_error);
  gtk_widget_class_bind_template_child (widget_class, RejiChargePage, name_error);
  gtk_widget_class_bind_template_child (widget_class, RejiChargePage, email_error);
  gtk_widget_class_bind_template_child (widget_class, RejiChargePage, busy_box);
  gtk_widget_class_bind_template_child (widget_class, RejiChargePage, submit_error);
  gtk_widget_class_bind_template_child (widget_class, RejiChargePage, card_notice);
  gtk_widget_class_bind_template_child (widget_class, RejiChargePage, charge_button);
  gtk_widget_class_bind_template_callback (widget_class, charge_cb);
  gtk_widget_class_bind_template_callback (widget_class, currency_changed_cb);
}

static void
reji_charge_page_init (RejiChargePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  protect_card_entry (self->number_entry, TRUE);
  protect_card_entry (self->security_code_entry, FALSE);
  setup_field (self, FIELD_AMOUNT, self->amount_entry, self->amount_error);
  setup_field (self, FIELD_NUMBER, self->number_entry, self->number_error);
  setup_field (self, FIELD_EXPIRY, self->expiry_entry, self->expiry_error);
  setup_field (self, FIELD_SECURITY_CODE, self->security_code_entry, self->security_code_error);
  setup_field (self, FIELD_NAME, self->name_entry, self->name_error);
  setup_field (self, FIELD_EMAIL, self->email_entry, self->email_error);
  setup_currencies (self);
  update_charge_label (self);
}
