/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "reji-card.h"
#include "reji-charge-page.h"
#include "reji-money.h"

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
  GtkButton   *charge_button;

  Field        fields[N_FIELDS];
  /* TRUE while the page empties its entries itself. */
  gboolean     clearing;
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

static void
field_changed_cb (GtkEditable    *entry,
                  RejiChargePage *self)
{
  if (self->clearing)
    return;

  for (guint i = 0; i < N_FIELDS; i++)
    {
      if (self->fields[i].entry == entry)
        self->fields[i].touched = TRUE;
    }

  if (entry == self->fields[FIELD_AMOUNT].entry)
    update_charge_label (self);
  else if (entry == self->fields[FIELD_NUMBER].entry)
    update_brand (self);
}

static void
field_focus_leave_cb (GtkEventControllerFocus *controller,
                      RejiChargePage          *self)
{
  GtkWidget *widget = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));

  for (guint i = 0; i < N_FIELDS; i++)
    {
      if (GTK_WIDGET (self->fields[i].entry) == widget && self->fields[i].touched)
        validate_field (self, (FieldId) i);
    }
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

  if (!reji_sale_submit (self->sale, amount, get_currency (self), g_steal_pointer (&card), &error))
    {
      g_warning ("Could not submit the sale: %s", error->message);
      gtk_label_set_text (self->submit_error, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->submit_error), TRUE);
    }
}

static void
clear_form (RejiChargePage *self)
{
  self->clearing = TRUE;
  for (guint i = 0; i < N_FIELDS; i++)
    {
      gtk_editable_set_text (self->fields[i].entry, "");
      self->fields[i].touched = FALSE;
      show_field_error (self, (FieldId) i, NULL);
    }
  self->clearing = FALSE;

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
    clear_form (self);

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
 * Empties the form and follows @sale's state from now on.
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
  if (sale != NULL)
    {
      g_signal_connect_object (sale, "notify::state",
                               G_CALLBACK (sale_state_changed_cb), self,
                               G_CONNECT_SWAPPED);
      sale_state_changed_cb (self);
    }
}

void
reji_charge_page_focus_amount (RejiChargePage *self)
{
  g_return_if_fail (REJI_IS_CHARGE_PAGE (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->amount_entry));
}

static void
setup_currencies (RejiChargePage *self)
{
  g_autoptr(GtkStringList) codes = gtk_string_list_new (NULL);
  const RejiCurrency *currencies;
  guint n_currencies = 0;
  guint selected = 0;

  currencies = reji_currency_get_all (&n_currencies);
  for (guint i = 0; i < n_currencies; i++)
    {
      gtk_string_list_append (codes, currencies[i].code);
      if (g_strcmp0 (currencies[i].code, "JPY") == 0)
        selected = i;
    }

  gtk_drop_down_set_model (self->currency_dropdown, G_LIST_MODEL (codes));
  gtk_drop_down_set_selected (self->currency_dropdown, selected);
}

static void
setup_field (RejiChargePage *self,
             FieldId         id,
             GtkEntry       *entry,
             GtkLabel       *error_label)
{
  GtkEventController *focus = gtk_event_controller_focus_new ();

  self->fields[id].entry = GTK_EDITABLE (entry);
  self->fields[id].error_label = error_label;

  g_signal_connect (entry, "changed", G_CALLBACK (field_changed_cb), self);
  g_signal_connect_swapped (entry, "activate", G_CALLBACK (charge_cb), self);
  g_signal_connect (focus, "leave", G_CALLBACK (field_focus_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (entry), focus);

  /* Screen readers read the error together with the field. */
  gtk_accessible_update_relation (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, error_label, NULL,
                                  -1);
}

static void
reji_charge_page_dispose (GObject *object)
{
  RejiChargePage *self = REJI_CHARGE_PAGE (object);

  if (self->sale != NULL)
    g_signal_handlers_disconnect_by_data (self->sale, self);
  g_clear_object (&self->sale);

  G_OBJECT_CLASS (reji_charge_page_parent_class)->dispose (object);
}

static void
reji_charge_page_class_init (RejiChargePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = reji_charge_page_dispose;

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
  gtk_widget_class_bind_template_child (widget_class, RejiChargePage, charge_button);
  gtk_widget_class_bind_template_callback (widget_class, charge_cb);
  gtk_widget_class_bind_template_callback (widget_class, currency_changed_cb);
}

static void
reji_charge_page_init (RejiChargePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  setup_field (self, FIELD_AMOUNT, self->amount_entry, self->amount_error);
  setup_field (self, FIELD_NUMBER, self->number_entry, self->number_error);
  setup_field (self, FIELD_EXPIRY, self->expiry_entry, self->expiry_error);
  setup_field (self, FIELD_SECURITY_CODE, self->security_code_entry, self->security_code_error);
  setup_field (self, FIELD_NAME, self->name_entry, self->name_error);
  setup_field (self, FIELD_EMAIL, self->email_entry, self->email_error);
  setup_currencies (self);
  update_charge_label (self);
}
