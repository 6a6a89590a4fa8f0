import { GROUP_FLAG_LABEL, type Language, type SyncKind } from '../../../domain/index.ts';
import type { Diagnosis } from '../../../application/diagnose.ts';
import type { StoredAppPassword } from '../../../ports/index.ts';
import { SETUP_TEXTS } from './setupTexts.ts';

/** Everything the page shows, computed by the handler. */
export interface SetupView {
  readonly language: Language;
  /** `https://dav.example.ch` (scheme, host, port as the browser used them). */
  readonly origin: string;
  /** Absolute path of the DAV root and of the page (`/dav/`, `/dav/setup`). */
  readonly davRoot: string;
  readonly pagePath: string;
  readonly diagnosis: Diagnosis;
  readonly appPasswords: readonly StoredAppPassword[];
  readonly requireAppPasswords: boolean;
  /** Whether downloaded Apple profiles are signed (otherwise the page says what iOS shows). */
  readonly profileSigned: boolean;
  readonly csrf: string;
  readonly davx5Link: string;
  readonly qrDataUrl: string;
  readonly newPassword?: { readonly label: string; readonly password: string };
  readonly notice?: string;
  readonly error?: string;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

/** A value with a copy button (the small script at the end copies `data-copy`). */
function copyable(value: string, copyLabel: string): string {
  return `<code>${esc(value)}</code> <button type="button" class="copy" data-copy="${esc(value)}">${esc(copyLabel)}</button>`;
}

const STYLE = `body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;max-width:52rem;padding:1rem;line-height:1.5;color:#1a1a1a;background:#fff}
h1{font-size:1.6rem}h2{font-size:1.3rem;margin-top:2rem;border-bottom:1px solid #ccc}h3{font-size:1.1rem}
code{background:#f1f1f1;padding:.1rem .3rem;border-radius:3px;word-break:break-all}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #bbb;padding:.4rem;text-align:left;vertical-align:top}
.warn{background:#fff3cd;border:2px solid #8a6d00;padding:.6rem}.ok{color:#0a5c0a;font-weight:bold}.no{color:#a40000;font-weight:bold}
.secret{font-size:1.3rem;background:#e7f3e7;border:2px solid #0a5c0a;padding:.6rem}.error{background:#fde8e8;border:2px solid #a40000;padding:.6rem}
button,input{font-size:1rem;padding:.4rem .6rem;min-height:2.2rem}label{display:block;margin:.4rem 0 .2rem}
img.qr{width:12rem;height:12rem;image-rendering:pixelated}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media (max-width:40rem){th,td{display:block;border:none;padding:.2rem}tr{display:block;border:1px solid #bbb;margin-bottom:.5rem}thead{display:none}}`;

/** Copies on click; no external script. */
const SCRIPT = `document.addEventListener('click',function(e){var b=e.target.closest&&e.target.closest('button.copy');if(!b)return;
var t=b.getAttribute('data-copy');var done=function(){var o=b.textContent;b.textContent=b.getAttribute('data-done');setTimeout(function(){b.textContent=o},1500)};
if(navigator.clipboard&&window.isSecureContext){navigator.clipboard.writeText(t).then(done,function(){})}else{var a=document.createElement('textarea');a.value=t;document.body.appendChild(a);a.select();try{document.execCommand('copy');done()}catch(x){}a.remove()}});`;

/** The personal setup page: server-rendered, no external resources. */
export function renderSetupPage(v: SetupView): string {
  const t = SETUP_TEXTS[v.language];
  const d = v.diagnosis;
  const host = new URL(v.origin).host;
  const dav = `${v.origin}${v.davRoot}`;
  const syncable = d.collections.filter((c) => c.synced).map((c) => c.kind);
  const passwordText = v.requireAppPasswords ? (v.language === 'de' ? 'ein App-Passwort' : 'an app password') : (v.language === 'de' ? 'Ihr BrokerStar Passwort oder ein App-Passwort' : 'your BrokerStar password or an app password');
  const fill = (s: string) => esc(s).replace('{dav}', copyable(dav, t.copy)).replace('{login}', copyable(d.login, t.copy))
    .replace('{host}', copyable(host, t.copy)).replace('{password}', esc(passwordText));
  const steps = (list: readonly string[], ordered = true) => `<${ordered ? 'ol' : 'ul'}>${list.map((s) => `<li>${fill(s)}</li>`).join('')}</${ordered ? 'ol' : 'ul'}>`;
  const otherLanguage: Language = v.language === 'de' ? 'en' : 'de';
  const hidden = `<input type="hidden" name="csrf" value="${esc(v.csrf)}"><input type="hidden" name="lang" value="${v.language}">`;
  const action = (p: string) => `${esc(v.pagePath)}${p}?lang=${v.language}`;
  const resources = `<p>${esc(t.resourcesFound)}</p><ul>${syncable.map((k: SyncKind) => `<li>"BrokerStar" (${esc(t.kindName[k])}) → ${esc(t.folderType[k])}</li>`).join('')}</ul>`;

  const rows = d.collections.map((c) => {
    const why: string[] = [];
    if (c.refusal) {
      why.push(esc(c.refusal.texts[v.language]));
      if (c.refusal.reason === 'group-flag-off') why.push(esc(t.groupFlagHint(d.group.name, GROUP_FLAG_LABEL[c.kind].de)));
      else if (c.refusal.reason !== 'mailing-module-disabled') why.push(esc(t.askAdmin));
    }
    return `<tr data-kind="${c.kind}"><th scope="row">${esc(t.kindName[c.kind])}</th>` +
      `<td class="${c.synced ? 'ok' : 'no'}">${c.synced ? t.yes : t.no}</td><td class="count">${c.objects}</td><td>${why.join('<br>')}</td></tr>`;
  }).join('\n');

  const dateText = (date: Date | null) => (date ? date.toISOString().slice(0, 16).replace('T', ' ') + ' UTC' : t.never);
  const appRows = v.appPasswords.map((p) => `<tr><td>${esc(p.label)}</td><td>${dateText(p.createdAt)}</td><td>${dateText(p.lastUsedAt)}${p.lastClient ? ` (${esc(p.lastClient)})` : ''}</td>` +
    `<td><form method="post" action="${action('/app-passwords/revoke')}">${hidden}<input type="hidden" name="label" value="${esc(p.label)}">` +
    `<button type="submit" aria-label="${esc(`${t.revoke}: ${p.label}`)}">${esc(t.revoke)}</button></form></td></tr>`).join('\n');

  return `<!doctype html>
<html lang="${v.language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="same-origin"><title>${esc(t.title)}</title><style>${STYLE}</style></head><body>
<header><h1>${esc(t.title)}</h1>
<p>${esc(t.signedInAs)} <strong>${esc(d.displayName)}</strong> (${esc(d.login)}) · <a href="${esc(v.pagePath)}?lang=${otherLanguage}" hreflang="${otherLanguage}" lang="${otherLanguage}" id="switch-language">${esc(t.otherLanguage)}</a></p></header>
<main>
${v.origin.startsWith('http:') ? `<p class="warn" role="alert" id="http-warning">${esc(t.httpWarning)}</p>` : ''}
${v.error ? `<p class="error" role="alert">${esc(v.error)}</p>` : ''}
${v.notice ? `<p role="status">${esc(v.notice)}</p>` : ''}
${v.newPassword ? `<div class="secret" role="status" id="new-password"><p>${esc(t.created)} <strong>${esc(v.newPassword.label)}</strong>:</p><p>${copyable(v.newPassword.password, t.copy)}</p><p>${esc(t.createdOnce)}</p></div>` : ''}
<section aria-labelledby="h-sync"><h2 id="h-sync">${esc(t.canSync)}</h2>
<table id="can-sync"><thead><tr><th scope="col">${esc(t.kind)}</th><th scope="col">${esc(t.synced)}</th><th scope="col">${esc(t.objects)}</th><th scope="col">${esc(t.reason)}</th></tr></thead>
<tbody>${rows}</tbody></table>
${d.account.refusal ? `<p class="no" id="account-refusal">${esc(d.account.refusal.texts[v.language])}</p>` : ''}</section>
<section aria-labelledby="h-values"><h2 id="h-values">${esc(t.values)}</h2><dl>
<dt>${esc(t.serverAddress)}</dt><dd>${copyable(v.origin, t.copy)}</dd>
<dt>${esc(t.davUrl)}</dt><dd>${copyable(dav, t.copy)}</dd>
<dt>${esc(t.login)}</dt><dd>${copyable(d.login, t.copy)}</dd>
<dt>${esc(t.password)}</dt><dd>${esc(t.passwordHint)}</dd></dl></section>
<section aria-labelledby="h-app"><h2 id="h-app">${esc(t.appPasswords)}</h2><p>${esc(t.appPasswordsIntro)}</p>
${v.requireAppPasswords ? `<p><strong>${esc(t.requiredNote)}</strong></p>` : ''}
<form method="post" action="${action('/app-passwords')}">${hidden}<label for="label">${esc(t.deviceName)}</label>
<input id="label" name="label" required maxlength="60" autocomplete="off"> <button type="submit" id="create-app-password">${esc(t.create)}</button></form>
${v.appPasswords.length === 0 ? `<p>${esc(t.noAppPasswords)}</p>` : `<table id="app-passwords"><thead><tr><th scope="col">${esc(t.deviceName.replace(/ \(.*\)$/, ''))}</th><th scope="col">${esc(t.createdAt)}</th><th scope="col">${esc(t.lastUsed)}</th><th scope="col"><span class="visually-hidden">${esc(t.revoke)}</span></th></tr></thead><tbody>${appRows}</tbody></table>`}
</section>
<section aria-labelledby="h-outlook"><h2 id="h-outlook">${esc(t.outlook)}</h2><p>${esc(t.outlookIntro)}</p>
<h3>${esc(t.single)}</h3>${steps(t.singleSteps)}
<h3>${esc(t.several)}</h3>${steps(t.severalSteps)}${resources}</section>
<section aria-labelledby="h-apple"><h2 id="h-apple">${esc(t.apple)}</h2><p>${esc(t.profileIntro)}</p>
<form method="post" action="${action('/mobileconfig')}">${hidden}<label for="profile-label">${esc(t.deviceName)}</label>
<input id="profile-label" name="label" required maxlength="60" value="iPhone" autocomplete="off"> <button type="submit" id="download-profile">${esc(t.download)}</button></form>
${v.profileSigned ? '' : `<p id="profile-unsigned">${esc(t.profileUnsigned)}</p>`}${steps(t.iosContacts)}${steps(t.iosCalendar)}</section>
<section aria-labelledby="h-mac"><h2 id="h-mac">${esc(t.mac)}</h2>${steps(t.macContacts)}${steps(t.macCalendar)}</section>
<section aria-labelledby="h-android"><h2 id="h-android">${esc(t.android)}</h2><p>${esc(t.davx5Intro)}</p>
<p><img class="qr" id="davx5-qr" src="${v.qrDataUrl}" alt="${esc(`${t.qrAlt}: ${v.davx5Link}`)}"></p>
<p><a id="davx5-link" href="${esc(v.davx5Link)}">${esc(t.davx5Link)}</a>: ${copyable(v.davx5Link, t.copy)}</p>${steps(t.davx5Steps)}</section>
<section aria-labelledby="h-tb"><h2 id="h-tb">${esc(t.thunderbird)}</h2>${steps(t.thunderbirdSteps)}</section>
</main>
<script>${SCRIPT}</script>
<script>document.querySelectorAll('button.copy').forEach(function(b){b.setAttribute('data-done',${JSON.stringify(t.copied)})});</script>
</body></html>`;
}
