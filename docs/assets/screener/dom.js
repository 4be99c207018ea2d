// The few DOM helpers the screener's views share: making elements, finding a question's box, and updating a
// list of keyed children in place so the fields already on screen keep their focus and typed text.

// h("p", {class: "x", text: "…", onclick: fn}, ...children): an element. Attributes that are null, undefined
// or false are left out; `on…` attributes are listeners; non-string values of properties are set as properties.
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "class") el.className = value;
    else if (name === "text") el.textContent = value;
    else if (name.startsWith("on")) el.addEventListener(name.slice(2), value);
    else if (name in el && typeof value !== "string") el[name] = value;
    else el.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

// The first element under root matching `selector` whose data-<name> is value.
export function byData(root, selector, name, value) {
  return root.querySelector(`${selector}[data-${name}="${CSS.escape(value)}"]`);
}

// Makes box's children matched by `selector` (keyed by data-<name>) be `keys`, in order, just before `before`:
// keeps the ones still wanted as they are, removes the others (moving focus to `focusOnRemove` first when
// focus was inside one), and makes the new ones with make(key).
export function reconcile(box, { selector, name, keys, make, before, focusOnRemove }) {
  const onScreen = new Map([...box.querySelectorAll(selector)].map((el) => [el.dataset[name], el]));
  for (const [key, el] of onScreen) {
    if (keys.includes(key)) continue;
    if (focusOnRemove && el.contains(document.activeElement)) focusOnRemove.focus();
    el.remove();
  }
  let next = before;
  for (const key of [...keys].reverse()) {
    const el = onScreen.get(key) || make(key);
    if (el.nextElementSibling !== next) box.insertBefore(el, next);
    next = el;
  }
}

// Makes box's children be `parts` ({key, data, make, update?}), in order: a child already drawn for the same key
// from equal data (compared as JSON) stays as it is, with its open <details>, focus and layout, and update(el),
// when the part has one, brings what is inside it up to date (a card keeps its element while only its reasons
// change); any other is made afresh with make(), and a <details data-key> that was open in the child it replaces
// opens again. An answer usually changes a few results, so a few parts are redrawn rather than the whole box
// (issue 15: answer to results on screen within a frame). Children of box that are not parts are removed. When
// focus was inside a child that is drawn again, it moves to `focusOnReplace` (as reconcile's focusOnRemove).
const partData = new WeakMap(); // a drawn part -> the JSON of the data it was drawn from

export function patchParts(box, parts, { focusOnReplace = null } = {}) {
  const drawn = new Map();
  for (const el of box.children) if (el.dataset.part) drawn.set(el.dataset.part, el);
  const wanted = new Set(parts.map((p) => p.key));
  for (const el of [...box.children]) if (!wanted.has(el.dataset.part)) el.remove();
  let at = box.firstElementChild;
  for (const part of parts) {
    const json = JSON.stringify(part.data);
    let el = drawn.get(part.key);
    if (!el || partData.get(el) !== json) {
      const fresh = part.make();
      fresh.dataset.part = part.key;
      partData.set(fresh, json);
      if (el) {
        const open = new Set([...el.querySelectorAll("details[open][data-key]")].map((d) => d.dataset.key));
        for (const d of fresh.querySelectorAll("details[data-key]")) if (open.has(d.dataset.key)) d.open = true;
        const hadFocus = el.contains(document.activeElement);
        if (at === el) at = fresh;
        el.replaceWith(fresh);
        if (hadFocus && focusOnReplace) focusOnReplace.focus({ preventScroll: true });
      }
      el = fresh;
    } else if (part.update) {
      part.update(el);
    }
    if (el !== at) box.insertBefore(el, at);
    at = el.nextElementSibling;
  }
}
