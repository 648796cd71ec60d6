// Login: password sign-in, or EDS (ЭЦҚ/ЭЦП) certificate sign-in with a certificate password,
// then an SMS-code step. These are the fields keyloggers target.
import { ROLES, type Lang } from '../config.ts';
import { t } from '../i18n.ts';
import { esc } from './html.ts';

export function loginBody(lang: Lang): string {
  return `<h1>${esc(t(lang, 'login'))}</h1>
<div class="checkout">
<form class="panel" data-role="${ROLES.loginForm}" autocomplete="on">
  <label>${esc(t(lang, 'username'))}<input name="username" data-role="${ROLES.username}" autocomplete="username" required></label>
  <label>${esc(t(lang, 'password'))}<input type="password" name="password" data-role="${ROLES.password}" autocomplete="current-password" required></label>
  <button type="submit" class="btn">${esc(t(lang, 'signIn'))}</button>
</form>
<form class="panel" data-role="${ROLES.edsForm}">
  <h2>${esc(t(lang, 'eds'))}</h2>
  <label>${esc(t(lang, 'certFile'))}<input type="file" name="certFile" accept=".p12,.pfx"></label>
  <label>${esc(t(lang, 'certPassword'))}<input type="password" name="certPassword" data-role="${ROLES.certPassword}" autocomplete="off"></label>
  <button type="submit" class="btn btn--ghost">${esc(t(lang, 'eds'))}</button>
</form>
</div>
<form class="panel sms" data-role="${ROLES.smsForm}" hidden>
  <p>${esc(t(lang, 'smsSent'))}</p>
  <label>${esc(t(lang, 'smsCode'))}<input name="code" data-role="${ROLES.smsCode}" autocomplete="one-time-code" inputmode="numeric" maxlength="6"></label>
  <button type="submit" class="btn">${esc(t(lang, 'confirm'))}</button>
</form>
<p class="msg" data-role="${ROLES.loginMessage}" role="status" aria-live="polite"></p>`;
}
