"""Every stylesheet of the kit: the preview of an entry, the printable cue cards, and the three
panels (authoring app, review, export).

Each sheet is scoped under its root class (`.sk-entry`, `.sk-card`, `.sk-panel` with
`.sk-app`, `.sk-review` or `.sk-export`), so it can go into a notebook or a page without
restyling anything around it. The font and the colours are custom properties declared once, in
`_PALETTE`, which starts every sheet (a sheet is also used alone: a downloaded cue card, an
exported page); rules that two sheets share are written once below and put into both.

These are constants: no user text ever goes into them.
"""

from __future__ import annotations


def _rule(selector: str, *declarations: str) -> str:
    return selector + "{" + ";".join(declarations) + "}\n"


_PALETTE = _rule(
    ".sk-entry,.sk-card,.sk-panel",
    '--sk-font:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif',
    "--sk-accent:#0b6e6e", "--sk-accent-soft:#e0f5f2", "--sk-accent-line:#a6e0d8",
    "--sk-ink:#102a43", "--sk-text:#1f2933", "--sk-subtle:#486581", "--sk-muted:#627d98",
    "--sk-faint:#829ab1", "--sk-line:#d9e2ec", "--sk-chip:#f0f4f8", "--sk-chip-ink:#334e68",
    "--sk-bg:#f4f7fa", "--sk-key:#b44d12", "--sk-dosage:#8a5a00", "--sk-ok:#067647",
    "--sk-warn:#b54708", "--sk-danger:#b42318", "font-family:var(--sk-font)",
)

# Shared by the preview and the cue card: a section title and a cue's tick box.
_SECTION_TITLE = ("text-transform:uppercase", "letter-spacing:.05em", "color:var(--sk-accent)",
                  "border-bottom:1px solid var(--sk-line)")
_TICK_BOX = ('content:"\\2610"', "margin-right:.5em", "color:var(--sk-faint)")
# Shared by the preview and the review panel's cue list: the phase tag after a cue.
_PHASE_TAG = ("font-size:.75em", "text-transform:uppercase", "letter-spacing:.04em",
              "color:var(--sk-muted)", "background:var(--sk-chip)", "border-radius:4px",
              "padding:0 .4em", "font-weight:400")
# Shared by the cue card and the review panel's cue list: the KEY badge of a must-say cue.
_KEY_BADGE = ("font-size:.7em", "font-weight:700", "padding:0 .35em", "border-radius:3px",
              "background:var(--sk-key)", "color:#fff")

#: The preview of an entry (`render_html`): every rule under `.sk-entry`.
PREVIEW_CSS = _PALETTE + """\
.sk-entry{color:var(--sk-text);line-height:1.55;font-size:14px;max-width:46em}
.sk-entry h1{font-size:1.55em;line-height:1.25;margin:0 0 .35em;color:var(--sk-ink);
  font-weight:700}
.sk-entry h2{font-size:1.02em;margin:1.4em 0 .5em;padding-bottom:.2em}
.sk-entry .sk-summary{font-size:1.05em;color:var(--sk-subtle);margin:0 0 .6em;font-style:italic}
.sk-entry .sk-chips{display:flex;flex-wrap:wrap;gap:.35em;margin:.4em 0 1em}
.sk-entry .sk-chip{display:inline-block;border-radius:999px;padding:.1em .7em;font-size:.82em;
  background:var(--sk-chip);color:var(--sk-chip-ink);border:1px solid var(--sk-line);
  white-space:nowrap}
.sk-entry .sk-chip-goal{background:var(--sk-accent-soft);color:var(--sk-accent);
  border-color:var(--sk-accent-line);font-weight:600}
.sk-entry .sk-chip-target{background:#f3edfc;color:#5a3d99;border-color:#d8c8f3}
.sk-entry .sk-condition{font-weight:600}
.sk-entry .sk-chip-dosage{background:#fff6e0;color:var(--sk-dosage);border-color:#f5d98f}
.sk-entry p{margin:0 0 .75em}
.sk-entry ol,.sk-entry ul{margin:0 0 .5em;padding-left:1.5em}
.sk-entry li{margin:.25em 0}
.sk-entry ul.sk-cues{list-style:none;padding-left:0}
.sk-entry .sk-cue-key{font-weight:600}
.sk-entry .sk-phase{margin-left:.5em}
.sk-entry .sk-key{font-size:.75em;color:var(--sk-key);margin-left:.4em;font-weight:400}
.sk-entry dl{margin:0}
.sk-entry dt{font-weight:600;margin-top:.7em;color:var(--sk-ink)}
.sk-entry dd{margin:.15em 0 0 0}
.sk-entry .sk-meta{font-size:.85em;color:var(--sk-muted);margin-top:1.4em;
  border-top:1px solid var(--sk-line);padding-top:.5em}
.sk-entry a{color:var(--sk-accent)}
.sk-entry .sk-figures{display:flex;flex-wrap:wrap;gap:.8em;margin:.6em 0}
.sk-entry figure{margin:0;max-width:20em}
.sk-entry figure img{max-width:100%;height:auto;border-radius:6px;display:block;
  border:1px solid var(--sk-line)}
.sk-entry .sk-main-figure figure{max-width:28em}
.sk-entry .sk-step-figures figure{max-width:12em}
.sk-entry figcaption{font-size:.8em;color:var(--sk-muted);margin-top:.25em}
.sk-entry .sk-caption{color:var(--sk-text)}
.sk-entry .sk-missing{color:var(--sk-key);font-size:.85em}
""" + _rule(".sk-entry h2", *_SECTION_TITLE) + _rule(".sk-entry .sk-cue::before", *_TICK_BOX) \
    + _rule(".sk-entry .sk-phase", *_PHASE_TAG)

#: The printable cue cards (`cue_card_html`): every rule under `.sk-card`, one card a page.
CARD_CSS = _PALETTE + """\
.sk-card{color:var(--sk-text);line-height:1.4;font-size:13px;max-width:42em;
  border:2px solid var(--sk-accent);border-radius:10px;padding:1em 1.3em;margin:0 auto 1.5em;
  background:#fff}
.sk-card h1{font-size:1.5em;margin:0;color:var(--sk-ink)}
.sk-card .sk-card-summary{margin:.2em 0 .5em;color:var(--sk-subtle);font-style:italic}
.sk-card .sk-card-facts{display:flex;flex-wrap:wrap;gap:.3em 1.2em;margin:.3em 0 .6em;
  font-size:.92em}
.sk-card .sk-card-facts b{color:var(--sk-accent)}
.sk-card .sk-card-dosage{font-size:1.25em;font-weight:700;color:var(--sk-dosage);
  margin:.3em 0 .6em}
.sk-card h2{font-size:.95em;margin:.8em 0 .3em}
.sk-card ul{list-style:none;padding:0;margin:0}
.sk-card ol{margin:0;padding-left:1.4em}
.sk-card li{margin:.2em 0}
.sk-card .sk-card-key{font-weight:700}
.sk-card .sk-card-key::after{content:"KEY";margin-left:.5em;vertical-align:middle}
.sk-card .sk-card-stop li::before{content:"\\26A0";margin-right:.45em;color:var(--sk-key)}
.sk-card .sk-card-foot{margin-top:.8em;font-size:.8em;color:var(--sk-faint)}
.sk-card .sk-card-figures{display:flex;gap:.6em;margin:.3em 0 .5em}
.sk-card figure{margin:0;max-width:14em}
.sk-card figure img{max-width:100%;height:auto;display:block;border-radius:4px}
.sk-card figcaption{font-size:.75em;color:var(--sk-faint)}
""" + _rule(".sk-card h2", *_SECTION_TITLE) + _rule(".sk-card .sk-card-cue::before", *_TICK_BOX) \
    + _rule(".sk-card .sk-card-key::after", *_KEY_BADGE) + """\
@page{size:A5 portrait;margin:10mm}
@media print{
  body{margin:0}
  .sk-card{border-width:1px;max-width:none;margin:0;page-break-after:always;
    break-after:page;font-size:11pt}
  .sk-card:last-child{page-break-after:auto;break-after:auto}
  .sk-card .sk-card-key::after{border:1px solid var(--sk-key);color:var(--sk-key);
    background:none}
}
"""

# What every panel shares (root class `.sk-panel`): its text, the message line in its three
# tones (see stretchkit.widgets.base.TONES), links to files, hints.
_PANEL_CSS = _PALETTE + """\
.sk-panel{color:var(--sk-ink)}
.sk-panel .widget-html-content{font-family:inherit;line-height:1.45}
.sk-panel .sk-message .widget-html-content{font-size:13px;min-height:0;white-space:pre-wrap}
.sk-panel .sk-tone-ok,.sk-panel .sk-tone-ok .widget-html-content{color:var(--sk-ok);
  font-weight:600}
.sk-panel .sk-tone-warn,.sk-panel .sk-tone-warn .widget-html-content{color:var(--sk-warn)}
.sk-panel .sk-tone-error,.sk-panel .sk-tone-error .widget-html-content{color:var(--sk-danger)}
.sk-panel .sk-links a{color:var(--sk-accent);text-decoration:underline;font-weight:600}
.sk-panel .sk-hint{color:var(--sk-muted);font-size:12px;font-weight:400}
.sk-panel .sk-identity{align-items:center;gap:8px;margin:0 0 6px}
.sk-panel .sk-identity-label{font-size:12.5px;font-weight:600;color:var(--sk-subtle)}
.sk-panel .sk-identity-name input{border-radius:6px;font-weight:600}
.sk-panel .sk-status-chip{display:inline-block;border-radius:999px;padding:1px 10px;
  font-size:12px;font-weight:600;background:var(--sk-chip);color:var(--sk-chip-ink)}
.sk-panel .sk-status-published,.sk-panel .sk-status-approved{background:#ecfdf3;
  color:var(--sk-ok)}
.sk-panel .sk-status-in-review{background:#eff8ff;color:#175cd3}
.sk-panel .sk-status-changes-requested{background:#fffaeb;color:var(--sk-warn)}
.sk-panel .sk-live-note{color:var(--sk-warn);font-weight:600}
"""

# A field-by-field diff (widgets/changes.py): removed lines red and struck, added ones green.
_DIFF_CSS = """.sk-panel .sk-diff-field{margin:6px 0 8px}
.sk-panel .sk-diff-name{font-size:12px;font-weight:700;letter-spacing:.04em;
  text-transform:uppercase;color:var(--sk-accent);margin-bottom:2px}
.sk-panel .sk-diff-line{font-size:13px;line-height:1.4;padding:2px 8px 2px 4px;
  border-radius:4px;margin:1px 0;white-space:pre-wrap;overflow-wrap:anywhere}
.sk-panel .sk-diff-mark{display:inline-block;width:1.2em;font-weight:700}
.sk-panel .sk-diff-del{background:#fef3f2;color:#912018;text-decoration:line-through;
  text-decoration-color:rgba(145,32,24,.45)}
.sk-panel .sk-diff-del .sk-diff-mark{text-decoration:none}
.sk-panel .sk-diff-add{background:#ecfdf3;color:#05603a}
.sk-panel .sk-diff-since{font-size:12.5px;color:var(--sk-muted);margin:0 0 4px}
"""

#: The authoring app: columns, cards and a toolbar, under `.sk-app`.
APP_CSS = _PANEL_CSS + """\
.sk-app{background:var(--sk-bg);border:1px solid var(--sk-line);border-radius:12px;
  padding:14px 16px 16px;box-sizing:border-box;container:sk-app/inline-size}
.sk-app .sk-top{align-items:center;gap:12px;flex-wrap:wrap;margin-bottom:6px}
.sk-app .sk-title .widget-html-content{font-size:19px;font-weight:700;color:var(--sk-ink);
  white-space:nowrap}
.sk-app .sk-title small{font-size:13px;font-weight:400;color:var(--sk-muted);margin-left:8px}
.sk-app .sk-toolbar{gap:6px;align-items:center;flex-wrap:wrap}
.sk-app .sk-toolbar .jupyter-button{border-radius:7px;height:32px;padding:0 14px;
  background:#fff;border:1px solid var(--sk-line);color:var(--sk-ink);font-weight:500;
  box-shadow:0 1px 1px rgba(16,42,67,.04);width:auto}
.sk-app .sk-toolbar .jupyter-button:hover:enabled{border-color:var(--sk-accent);
  color:var(--sk-accent)}
.sk-app .jupyter-button.sk-save,.sk-app .jupyter-button.sk-confirm-save,
.sk-app .jupyter-button.sk-save-copy,.sk-app .jupyter-button.sk-undo{
  background:var(--sk-accent);border-color:var(--sk-accent);color:#fff;font-weight:600}
.sk-app .jupyter-button.sk-save:hover:enabled{background:#095c5c;color:#fff}
.sk-app .jupyter-button.sk-delete:hover:enabled{border-color:var(--sk-danger);
  color:var(--sk-danger)}
.sk-app .jupyter-button:disabled{opacity:.45}
.sk-app .sk-marker .widget-html-content{font-size:12.5px;font-weight:600;border-radius:999px;
  padding:3px 11px;white-space:nowrap}
.sk-app .sk-marker.sk-dirty .widget-html-content{background:#fff4e5;color:var(--sk-warn);
  border:1px solid #fedf89}
.sk-app .sk-marker.sk-clean .widget-html-content{background:#ecfdf3;color:var(--sk-ok);
  border:1px solid #abefc6}
.sk-app .sk-marker.sk-new .widget-html-content{background:#eff8ff;color:#175cd3;
  border:1px solid #b2ddff}
.sk-app .sk-save-hint .widget-html-content{font-size:12.5px;color:var(--sk-warn)}
.sk-app .sk-banner{border-radius:8px;padding:8px 12px;margin:4px 0;align-items:center;
  gap:10px;flex-wrap:wrap;border:1px solid}
.sk-app .sk-banner .widget-html-content{font-size:13px}
.sk-app .sk-banner .jupyter-button{border-radius:6px;width:auto;padding:0 12px}
.sk-app .sk-banner-conflict,.sk-app .sk-banner-confirm{background:#fffaeb;border-color:#fedf89}
.sk-app .sk-banner-undo{background:#f0f9ff;border-color:#b9e6fe}
.sk-app .sk-banner-broken{background:#fef3f2;border-color:#fecdca}
.sk-app .sk-banner-repaired{background:#f0f9ff;border-color:#b9e6fe}
.sk-app .sk-columns{gap:14px;align-items:flex-start;margin-top:8px;flex-wrap:wrap}
.sk-app .sk-column{background:#fff;border:1px solid var(--sk-line);border-radius:10px;
  padding:10px 12px 12px;box-sizing:border-box;box-shadow:0 1px 2px rgba(16,42,67,.05)}
.sk-app .sk-browser{flex:0 0 260px;width:260px;min-width:0;gap:4px}
.sk-app .sk-form-column{flex:1 1 420px;min-width:0}
.sk-app .sk-preview-column{flex:1 1 360px;min-width:0}
@container sk-app (max-width:720px){
  .sk-app .sk-browser{flex:1 1 100%;width:auto}
  .sk-app .sk-entry-list select{min-height:0;max-height:40vh}
}
.sk-app .sk-column-head .widget-html-content{margin-bottom:4px}
.sk-app .sk-column-title{font-size:12px;font-weight:700;letter-spacing:.08em;
  text-transform:uppercase;color:var(--sk-accent)}
.sk-app .sk-mini-label{font-size:11.5px;font-weight:600;color:var(--sk-muted)}
.sk-app .sk-filter-label .widget-html-content{height:auto;line-height:1.2;margin-top:4px}
.sk-app .sk-count .widget-html-content{font-size:12.5px;color:var(--sk-muted);margin:6px 0 2px}
.sk-app .sk-entry-list select{border-radius:8px;border:1px solid var(--sk-line);
  font-size:13px;padding:4px 0;min-height:320px}
.sk-app .sk-entry-list option{padding:5px 8px;border-radius:5px;margin:1px 4px;
  white-space:normal;overflow-wrap:anywhere}
.sk-app .sk-entry-list option:checked{background:var(--sk-accent-soft) linear-gradient(0deg,
  var(--sk-accent-soft),var(--sk-accent-soft));color:var(--sk-ink);font-weight:600}
.sk-app .sk-goal-match .widget-toggle-button{font-size:12px;height:26px;border-radius:6px;
  background:var(--sk-chip);color:var(--sk-chip-ink);box-shadow:none}
.sk-app .sk-goal-match .widget-toggle-button.mod-active{background:var(--sk-accent-soft);
  color:var(--sk-accent);font-weight:600;box-shadow:inset 0 0 0 1px var(--sk-accent-line)}
.sk-app .sk-field{margin:4px 0 8px}
.sk-app .sk-field-head .widget-html-content{line-height:1.3;margin-bottom:2px}
.sk-app .sk-field-title{font-size:12.5px;font-weight:650;color:#243b53}
.sk-app .sk-error .widget-html-content{color:var(--sk-danger);font-size:12.5px;
  line-height:1.35;background:#fef3f2;border-radius:6px;padding:3px 8px;margin-top:3px}
.sk-app .sk-invalid input,.sk-app .sk-invalid textarea{border-color:#f97066}
.sk-app input,.sk-app textarea,.sk-app select{border-radius:6px}
.sk-app .widget-text input,.sk-app .widget-textarea textarea{border:1px solid var(--sk-line);
  padding:5px 8px;font-size:13.5px;font-family:inherit}
.sk-app .widget-text input:focus,.sk-app .widget-textarea textarea:focus{
  border-color:var(--sk-accent);box-shadow:0 0 0 2px var(--sk-accent-soft);outline:none}
.sk-app .sk-name input{font-size:16px;font-weight:600;height:34px}
.sk-app .sk-rows textarea{field-sizing:content;min-height:2.3em;resize:vertical;
  line-height:1.4}
.sk-app .sk-row{align-items:flex-start;gap:4px;margin:2px 0}
.sk-app .sk-rows{counter-reset:sk-row}
.sk-app .sk-row::before{counter-increment:sk-row;content:counter(sk-row) ".";flex:0 0 22px;
  text-align:right;color:var(--sk-muted);font-size:12.5px;padding:6px 4px 0 0}
.sk-app .sk-icon.jupyter-button{background:transparent;border:1px solid transparent;
  color:var(--sk-muted);font-size:14px;border-radius:6px}
.sk-app .sk-icon.jupyter-button:hover{background:var(--sk-chip);color:var(--sk-ink)}
.sk-app .sk-remove.jupyter-button:hover{color:var(--sk-danger)}
.sk-app .sk-add.jupyter-button{background:transparent;border:1px dashed #bcccdc;
  color:var(--sk-accent);border-radius:6px;width:auto;margin:4px 0 0 26px;font-size:12.5px}
.sk-app .sk-add.jupyter-button:hover{background:var(--sk-accent-soft)}
.sk-app .sk-faq .sk-row,.sk-app .sk-cues .sk-row{border-bottom:1px solid #eef2f6;
  padding-bottom:4px}
.sk-app .sk-choice-row{gap:0 8px;flex-wrap:wrap}
.sk-app .sk-choice-row>.sk-field{flex:1 1 110px;min-width:0}
.sk-app .sk-dosage{gap:8px}
.sk-app .sk-history-list select{border-radius:8px;border:1px solid var(--sk-line);
  font-size:13px;padding:4px 0}
.sk-app .sk-history-list option{padding:4px 8px}
.sk-app .sk-history-actions{align-items:center;gap:10px;margin:6px 0}
.sk-app .sk-language select{border-radius:8px}
.sk-app .sk-translation-head{margin:4px 0 6px}
.sk-app .sk-translation-row{gap:10px;align-items:flex-start;padding:6px 0;
  border-bottom:1px solid var(--sk-line)}
.sk-app .sk-translation-row>.sk-source{flex:1 1 50%}
.sk-app .sk-translation-row>.sk-translation-text{flex:1 1 50%}
.sk-app .sk-source-label{font-size:12px;color:var(--sk-muted,#52606d)}
.sk-app .sk-state{border-radius:6px;padding:0 6px;margin-left:6px;font-size:11px}
.sk-app .sk-state-current{background:var(--sk-accent-soft)}
.sk-app .sk-state-outdated{background:#fff3c4;color:#8d2b0b;font-weight:600}
.sk-app .sk-state-missing{background:#f0f4f8}
.sk-app .sk-row-outdated{background:#fffbea}
.sk-app .sk-source-changed{font-size:12px;margin-top:4px}
.sk-app .sk-source-diff del{background:#ffe3e3;text-decoration:line-through}
.sk-app .sk-source-diff ins{background:#e3f9e5;text-decoration:none}
.sk-app .sk-fallback-note{background:#fffbea;border-left:3px solid #f0b429;padding:6px 10px;
  margin-bottom:8px;font-size:13px}
.sk-app .sk-history-preview{border:1px solid var(--sk-line);border-radius:8px;padding:4px 10px;
  max-height:50vh;overflow:auto;background:#fff}
.sk-app .sk-entry-facts .widget-html-content{font-size:12.5px;color:var(--sk-muted)}
.sk-app .sk-tabs.widget-tab>.lm-TabBar .lm-TabBar-content{flex-wrap:wrap}
.sk-app .sk-tabs.widget-tab>.lm-TabBar .lm-TabBar-tab{font-size:13px;font-weight:600;
  min-width:max-content;flex:0 0 auto;padding:0 12px}
.sk-app .sk-tabs.widget-tab>.lm-TabBar .lm-TabBar-tab.lm-mod-current{color:var(--sk-accent)}
.sk-app .sk-tabs.widget-tab>.lm-TabBar .lm-TabBar-tab.lm-mod-current::before{
  background:var(--sk-accent)}
.sk-app .sk-tabs>.widget-tab-contents,.sk-app .sk-tabs .lm-StackedPanel{
  border-radius:0 0 8px 8px;padding:10px 4px 4px;border-color:var(--sk-line)}
.sk-app .sk-paper{background:#fff;border-radius:8px;padding:6px 10px;max-height:78vh;
  overflow:auto}
.sk-app .sk-tag-row{border:1px solid var(--sk-line);border-radius:6px;min-height:32px;
  padding:2px 4px;background:#fff;flex-wrap:wrap;align-items:center;gap:2px 4px;
  box-sizing:border-box}
.sk-app .sk-tag-row:focus-within{border-color:var(--sk-accent);
  box-shadow:0 0 0 2px var(--sk-accent-soft)}
.sk-app .sk-tag-chips.jupyter-widget-tagsinput{border:0;padding:0;margin:0;min-height:0;
  flex:0 1 auto;max-width:100%;background:transparent}
""" + _rule(".sk-app .sk-tag-chips .widget-text",  # its own text box: the add box is ours
            "display:none !important") + """\
.sk-app .sk-tag-entry{flex:1 1 120px;min-width:110px;margin:0}
.sk-app .sk-tag-entry input{border:0;box-shadow:none;padding:3px 4px;height:26px}
.sk-app .sk-tag-entry input:focus{box-shadow:none}
.sk-app .sk-tag-note .widget-html-content{font-size:12.5px;line-height:1.35;margin-top:2px}
.sk-app .jupyter-widget-tag{border-radius:999px;font-size:12.5px}
.sk-app .sk-goals .jupyter-widget-tag,.sk-app .sk-goal-filter .jupyter-widget-tag{
  background:var(--sk-accent-soft);color:var(--sk-accent)}
.sk-app .sk-guide .widget-html-content{font-size:12.5px;color:var(--sk-muted)}
"""

#: The review panel, under `.sk-review`.
REVIEW_CSS = _PANEL_CSS + _DIFF_CSS + """\
.sk-review .sk-queue-cards{gap:4px}
.sk-review .sk-queue-item{border:1px solid var(--sk-line);border-radius:8px;padding:4px 6px;
  background:#fff}
.sk-review .sk-queue-item.sk-current{background:var(--sk-accent-soft);
  border-color:var(--sk-accent-line)}
.sk-review .sk-queue-name.jupyter-button{white-space:normal;height:auto;min-height:28px;
  text-align:left;line-height:1.3;padding:3px 4px;background:transparent;font-weight:600;
  color:var(--sk-ink);overflow-wrap:anywhere;box-shadow:none}
.sk-review .sk-queue-name.jupyter-button:hover{color:var(--sk-accent)}
.sk-review .sk-queue-facts{display:flex;flex-wrap:wrap;gap:4px;padding:0 4px 2px}
.sk-review .sk-goal-chip{display:inline-block;border-radius:999px;padding:0 8px;
  font-size:11.5px;background:var(--sk-accent-soft);color:var(--sk-accent);
  border:1px solid var(--sk-accent-line)}
.sk-review .sk-review-changes{border:1px solid var(--sk-line);border-radius:8px;
  padding:2px 10px;margin-bottom:6px;background:#fff}
.sk-review .sk-line{line-height:1.35;display:inline-block;padding-top:5px}
.sk-review .sk-reasons{font-size:.85em;color:var(--sk-muted);line-height:1.3}
.sk-review .sk-reasons.sk-fail{color:var(--sk-danger);margin:2px 0 4px}
.sk-review .sk-sub{font-size:.85em;color:var(--sk-subtle);margin:6px 0 0;font-weight:600}
.sk-review .sk-panel-title{font-weight:600;color:var(--sk-accent);margin:6px 0 2px}
""" + _rule(".sk-review .sk-phase", *_PHASE_TAG) + _rule(".sk-review .sk-key-cue", *_KEY_BADGE)

#: The export panel, under `.sk-export`.
EXPORT_CSS = _PANEL_CSS + """\
.sk-export .sk-export-title{font-size:18px;font-weight:700}
.sk-export .sk-export-count,.sk-export .sk-export-folder{color:var(--sk-muted);font-size:13px}
.sk-export table{border-collapse:collapse;font-size:12.5px}
.sk-export th,.sk-export td{border-bottom:1px solid var(--sk-line);padding:3px 8px;
  text-align:left;vertical-align:top}
.sk-export .sk-export-filters{gap:12px;flex-wrap:wrap;align-items:flex-start}
.sk-export .sk-mini-label{font-size:12px;font-weight:600;color:var(--sk-muted)}
.sk-export .jupyter-widget-tagsinput{border:1px solid var(--sk-line);border-radius:6px;
  min-height:32px;padding:2px 4px;background:#fff}
.sk-export .jupyter-widget-tagsinput.mod-disabled,.sk-export .sk-tag-picker:has(input:disabled){
  opacity:.5}
.sk-export .jupyter-widget-tag{border-radius:999px;font-size:12.5px}
.sk-export .sk-export-goals .jupyter-widget-tag:not(.jupyter-widget-taginput){
  background:var(--sk-accent-soft);color:var(--sk-accent)}
.sk-export .sk-export-channel .widget-toggle-button{border-radius:6px}
"""

#: The merge-conflict panel (widgets/conflicts): both values of a field side by side, under
#: `.sk-conflicts`; the picked side is outlined.
CONFLICT_CSS = _PANEL_CSS + """\
.sk-conflicts{background:#fffaeb;border:1px solid #fedf89;border-radius:8px;padding:8px 12px;
  margin:4px 0}
.sk-conflicts .sk-conflict-heading .widget-html-content{font-size:13.5px}
.sk-conflicts .sk-conflict-field{border-top:1px solid #fedf89;padding:6px 0}
.sk-conflicts .sk-conflict-label{font-size:12px;font-weight:700;letter-spacing:.04em;
  text-transform:uppercase;color:var(--sk-accent)}
.sk-conflicts .sk-conflict-sides{gap:10px;align-items:stretch;flex-wrap:wrap}
.sk-conflicts .sk-conflict-side{flex:1 1 280px;min-width:0;background:#fff;
  border:1px solid var(--sk-line);border-radius:6px;padding:6px 8px}
.sk-conflicts .sk-conflict-side-name{font-size:12px;font-weight:600;color:var(--sk-subtle)}
.sk-conflicts .sk-conflict-line{font-size:13px;line-height:1.4;white-space:pre-wrap;
  overflow-wrap:anywhere}
.sk-conflicts .sk-conflict-empty{font-size:13px;color:var(--sk-faint)}
.sk-conflicts .jupyter-button{border-radius:6px;width:auto;padding:0 12px}
.sk-conflicts .sk-picked{background:var(--sk-accent-soft);color:var(--sk-accent);
  font-weight:700;outline:2px solid var(--sk-accent)}
.sk-conflicts .sk-conflict-actions{gap:8px;margin-top:6px;flex-wrap:wrap}
"""

#: The printable routine card (stretchkit.routines.card): the session on one page, under
#: `.sk-card.sk-routine-card` (the cue card's palette and print rules, a table of items).
ROUTINE_CARD_CSS = CARD_CSS + """\
.sk-routine-card table{border-collapse:collapse;width:100%;margin:.4em 0}
.sk-routine-card th{text-align:left;font-size:.8em;text-transform:uppercase;
  letter-spacing:.04em;color:var(--sk-accent);border-bottom:2px solid var(--sk-line);
  padding:.25em .4em}
.sk-routine-card td{border-bottom:1px solid var(--sk-line);padding:.35em .4em;
  vertical-align:top}
.sk-routine-card .sk-routine-num{width:1.5em;font-weight:700;color:var(--sk-accent)}
.sk-routine-card .sk-routine-name{font-weight:700;color:var(--sk-ink)}
.sk-routine-card .sk-routine-dose{color:var(--sk-dosage);font-weight:600;white-space:nowrap}
.sk-routine-card .sk-routine-cue{color:var(--sk-subtle);font-size:.92em}
.sk-routine-card .sk-routine-note{color:var(--sk-muted);font-size:.88em;font-style:italic}
.sk-routine-card .sk-routine-time{text-align:right;white-space:nowrap;
  font-variant-numeric:tabular-nums}
.sk-routine-card .sk-routine-total td{font-weight:700;border-bottom:none}
.sk-routine-card .sk-routine-warn{color:var(--sk-warn);font-size:.9em}
"""

#: The routine builder (widgets/routines), under `.sk-routines`.
ROUTINES_CSS = _PANEL_CSS + """\
.sk-routines{background:var(--sk-bg);border:1px solid var(--sk-line);border-radius:12px;
  padding:12px 14px 14px;box-sizing:border-box}
.sk-routines .sk-routines-title .widget-html-content{font-size:18px;font-weight:700}
.sk-routines .sk-routines-request{gap:10px;flex-wrap:wrap;align-items:flex-end}
.sk-routines .sk-mini-label{font-size:12px;font-weight:600;color:var(--sk-muted)}
.sk-routines .sk-routines-total .widget-html-content{font-size:15px;font-weight:700;
  color:var(--sk-ink)}
.sk-routines .sk-routine-row{align-items:center;gap:6px;background:#fff;
  border:1px solid var(--sk-line);border-radius:8px;padding:4px 8px;margin:3px 0}
.sk-routines .sk-routine-row.sk-selected{outline:2px solid var(--sk-accent)}
.sk-routines .sk-routine-row .jupyter-button{width:auto;padding:0 8px;border-radius:6px}
.sk-routines .sk-row-name{font-weight:600}
.sk-routines .sk-row-why{font-size:12px;color:var(--sk-muted)}
.sk-routines .sk-row-time{font-variant-numeric:tabular-nums;font-weight:600}
.sk-routines .sk-follow{background:#fff;border:2px solid var(--sk-accent);border-radius:10px;
  padding:10px 14px;margin-top:8px}
.sk-routines .sk-follow-clock .widget-html-content{font-size:42px;font-weight:800;
  color:var(--sk-accent);font-variant-numeric:tabular-nums}
.sk-routines .sk-follow-now .widget-html-content{font-size:20px;font-weight:700}
.sk-routines .sk-follow-next .widget-html-content{color:var(--sk-subtle)}
"""
