/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "reji-charge-page.h"
#include "reji-result-page.h"
#include "reji-test-window.h"

typedef RejiTestWindow Fixture;

/* The trainer's choices that fail the charge, and what the result page
 * must then tell the cashier. */
static const struct
{
  const char *choice;
  const char *english;
  const char *japanese;
} declines[] = {
  { "insufficient-funds", "The card has insufficient funds. Ask for another card.",
    "カードの利用可能額が不足しています。別のカードをお願いしてください。" },
  { "card-declined", "The card was declined. Ask for another card.",
    "カードが承認されませんでした。別のカードをお願いしてください。" },
  { "card-expired", "The card has expired. Ask for another card.",
    "カードの有効期限が切れています。別のカードをお願いしてください。" },
  { "bad-security-code", "The security code was wrong. Check it and try again.",
    "セキュリティコードが正しくありません。確認して、もう一度お試しください。" },
  { "exceeds-limit", "The amount exceeds the card’s limit. Ask for another card.",
    "金額がカードの利用限度額を超えています。別のカードをお願いしてください。" },
  { "fraudulent", "The card issuer refused the payment. Ask for another card.",
    "カード会社が決済を拒否しました。別のカードをお願いしてください。" },
};

static void
choose (Fixture    *fixture,
        const char *choice)
{
  g_autofree char *current = NULL;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.trainer", "s", choice));
  g_object_get (fixture->window, "trainer-choice", &current, NULL);
  g_assert_cmpstr (current, ==, choice);
}

static GtkWidget *
result_child (Fixture    *fixture,
              const char *name)
{
  return reji_test_page_child (fixture, "result_page", REJI_TYPE_RESULT_PAGE, name);
}

/* The band's text for @label: new strings are checked through the
 * catalogue, so the Japanese run follows po/ja.po once it has them. */
static char *
band_text (const char *format,
           const char *label)
{
  return g_strdup_printf (g_dgettext (GETTEXT_PACKAGE, format), g_dgettext (GETTEXT_PACKAGE, label));
}

static void
test_trainer_menu_shown (Fixture       *fixture,
                         gconstpointer  user_data)
{
  GtkWidget *button = reji_test_window_child (fixture, "trainer_button");
  GMenuModel *menu = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (button));

  g_assert_true (gtk_widget_get_visible (button));
  g_assert_nonnull (menu);
  /* "Normal", then a section with every fault. */
  g_assert_cmpint (g_menu_model_get_n_items (menu), ==, 2);
  g_assert_false (gtk_widget_get_visible (reji_test_window_child (fixture, "trainer_label")));
}

static void
test_trainer_declines (Fixture       *fixture,
                       gconstpointer  user_data)
{
  for (guint i = 0; i < G_N_ELEMENTS (declines); i++)
    {
      RejiSale *sale;

      g_test_message ("Trainer choice %s", declines[i].choice);
      choose (fixture, declines[i].choice);
      g_assert_true (gtk_widget_get_visible (reji_test_window_child (fixture, "trainer_label")));

      reji_test_charge_until_verify (fixture);
      reji_test_pass_3ds (fixture);
      reji_test_wait_for_page (fixture, "result");

      sale = reji_test_window_sale (fixture);
      g_assert_cmpint (reji_sale_get_state (sale), ==, REJI_SALE_STATE_DECLINED);
      g_assert_cmpstr (reji_test_label_text (result_child (fixture, "message_label")), ==,
                       reji_test_expect (declines[i].english, declines[i].japanese));

      /* A new sale is normal again. */
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.new-sale", NULL));
      g_assert_false (gtk_widget_get_visible (reji_test_window_child (fixture, "trainer_label")));
      reji_sale_set_poll_interval (reji_test_window_sale (fixture), 50);
      reji_sale_set_poll_interval_max (reji_test_window_sale (fixture), 50);
    }
}

static void
test_trainer_band_names_choice (Fixture       *fixture,
                                gconstpointer  user_data)
{
  GtkWidget *band = reji_test_window_child (fixture, "trainer_label");
  g_autofree char *next = band_text ("Next sale: %s", "Card declined");
  g_autofree char *current = band_text ("This sale: %s", "Card declined");

  choose (fixture, "card-declined");
  g_assert_cmpstr (reji_test_label_text (band), ==, next);

  reji_test_charge_until_verify (fixture);
  g_assert_cmpstr (reji_test_label_text (band), ==, current);

  choose (fixture, "normal");
  g_assert_false (gtk_widget_get_visible (band));
}

static void
test_trainer_network_drop_pays_once (Fixture       *fixture,
                                     gconstpointer  user_data)
{
  choose (fixture, "network-drop");
  reji_test_charge_until_verify (fixture);
  reji_test_pass_3ds (fixture);
  reji_test_wait_for_state (fixture, REJI_SALE_STATE_PAID);

  g_assert_cmpuint (reji_simulator_get_n_payments (fixture->simulator), ==, 1);
  g_assert_cmpuint (reji_simulator_get_n_requests (fixture->simulator, "POST", "/payments"), >=, 2);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (reji_test_window_child (fixture, "stack"))),
                   ==, "result");
}

static void
test_trainer_never_verified_expires (Fixture       *fixture,
                                     gconstpointer  user_data)
{
  RejiSale *sale = reji_test_window_sale (fixture);

  choose (fixture, "never-verified");
  reji_sale_set_deadline (sale, 1500);
  reji_test_charge_until_verify (fixture);
  reji_test_pass_3ds (fixture);

  /* The token stays NEEDS_VERIFY, so the sale keeps waiting. */
  reji_test_run_for (300);
  g_assert_cmpint (reji_sale_get_state (sale), ==, REJI_SALE_STATE_AWAITING_3DS);

  reji_test_wait_for_state (fixture, REJI_SALE_STATE_EXPIRED);
  g_assert_cmpuint (reji_simulator_get_n_payments (fixture->simulator), ==, 0);
}

static void
test_trainer_slow_answers_still_pay (Fixture       *fixture,
                                     gconstpointer  user_data)
{
  choose (fixture, "slow");
  reji_test_charge_until_verify (fixture);
  reji_test_pass_3ds (fixture);
  reji_test_wait_for_state (fixture, REJI_SALE_STATE_PAID);

  g_assert_cmpuint (reji_simulator_get_n_payments (fixture->simulator), ==, 1);
}

static void
test_trainer_unavailable_fails (Fixture       *fixture,
                                gconstpointer  user_data)
{
  choose (fixture, "unavailable");
  reji_test_fill_form (fixture, "1000", REJI_TEST_CARD_3DS_SUCCESS);
  reji_test_click (reji_test_page_child (fixture, "charge_page", REJI_TYPE_CHARGE_PAGE, "charge_button"));
  reji_test_wait_for_page (fixture, "result");

  g_assert_cmpint (reji_sale_get_state (reji_test_window_sale (fixture)), ==, REJI_SALE_STATE_FAILED);
  g_assert_cmpstr (reji_test_label_text (result_child (fixture, "title_label")), ==,
                   g_dgettext (GETTEXT_PACKAGE, "KOMOJU had a problem. Nothing was charged."));
  g_assert_cmpuint (reji_simulator_get_n_tokens (fixture->simulator), ==, 0);
}

static void
add_trainer_test (const char *path,
                  void      (*test_func) (Fixture *, gconstpointer))
{
  g_test_add (path, Fixture, NULL, reji_test_window_set_up, test_func, reji_test_window_tear_down);
}

int
main (int   argc,
      char *argv[])
{
  reji_test_window_init (&argc, &argv);

  add_trainer_test ("/reji/trainer/menu-shown", test_trainer_menu_shown);
  add_trainer_test ("/reji/trainer/declines", test_trainer_declines);
  add_trainer_test ("/reji/trainer/band-names-choice", test_trainer_band_names_choice);
  add_trainer_test ("/reji/trainer/network-drop-pays-once", test_trainer_network_drop_pays_once);
  add_trainer_test ("/reji/trainer/never-verified-expires", test_trainer_never_verified_expires);
  add_trainer_test ("/reji/trainer/slow-answers-still-pay", test_trainer_slow_answers_still_pay);
  add_trainer_test ("/reji/trainer/unavailable-fails", test_trainer_unavailable_fails);

  return g_test_run ();
}
