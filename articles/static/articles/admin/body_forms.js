// The body's rich forms in the prose editor: a library photo, an embed, a pull quote.
// They read and write exactly the stored forms of articles/embeds.py, which the sanitiser
// (articles/richtext.py) allows; the server is the judge of what is kept.
import { Node, crel, gettext } from "django-prose-editor/editor"

// Insert after a selected photo or embed rather than over it.
function insertBlock(editor, content) {
  const { selection } = editor.state
  const chain = editor.chain().focus()
  return (selection.node ? chain.insertContentAt(selection.to, content) : chain.insertContent(content)).run()
}

const csrfToken = () =>
  document.querySelector("input[name=csrfmiddlewaretoken]")?.value || ""

// A modal <dialog> with a title, the given body and Insert/Cancel; resolves when closed.
function openDialog(title, body, submitLabel, onSubmit) {
  const error = crel("p", { className: "desk-dialog__error", role: "alert" })
  const submit = crel("button", { type: "submit", className: "button default", textContent: submitLabel })
  const cancel = crel("button", { type: "button", className: "button", textContent: gettext("Cancel") })
  const form = crel("form", { method: "dialog", className: "desk-dialog__form" }, [
    crel("h2", { textContent: title }),
    ...body,
    error,
    crel("div", { className: "desk-dialog__buttons" }, [submit, cancel]),
  ])
  const dialog = crel("dialog", { className: "desk-dialog" }, [form])
  document.body.append(dialog)
  cancel.addEventListener("click", () => dialog.close())
  dialog.addEventListener("close", () => dialog.remove())
  form.addEventListener("submit", async (event) => {
    event.preventDefault()
    error.textContent = ""
    submit.disabled = true
    try {
      const problem = await onSubmit()
      if (problem) error.textContent = problem
      else dialog.close()
    } finally {
      submit.disabled = false
    }
  })
  dialog.showModal()
  return dialog
}

function field(label, input, help = "") {
  const id = `desk-field-${Math.random().toString(36).slice(2)}`
  input.id = id
  return crel("div", { className: "desk-dialog__field" }, [
    crel("label", { htmlFor: id, textContent: label }),
    input,
    ...(help ? [crel("p", { className: "help", textContent: help })] : []),
  ])
}

function photoDialog(editor, options) {
  const selected = editor.state.selection.node
  const editing = selected?.type.name === "bodyPhoto" ? selected.attrs : null
  let chosen = editing ? { ...editing, id: editing.photoId } : null

  const search = crel("input", { type: "search", placeholder: gettext("Search by description, caption or credit") })
  const results = crel("div", { className: "desk-photo-results", role: "listbox", "aria-label": gettext("Library photos") })
  const file = crel("input", { type: "file", accept: "image/jpeg,image/png,image/webp,image/gif" })
  const alt = crel("input", { type: "text", required: true })
  const caption = crel("input", { type: "text" })
  const credit = crel("input", { type: "text" })
  if (editing) {
    alt.value = editing.alt
    caption.value = editing.caption
    credit.value = editing.credit
  }

  const choose = (photo, button) => {
    chosen = photo
    file.value = ""
    alt.value = photo.alt
    caption.value = photo.caption
    credit.value = photo.credit
    results.querySelectorAll("[aria-selected]").forEach((b) => b.setAttribute("aria-selected", "false"))
    button.setAttribute("aria-selected", "true")
  }

  const load = async () => {
    const url = `${options.searchUrl}?q=${encodeURIComponent(search.value.trim())}`
    const response = await fetch(url, { credentials: "same-origin" })
    if (!response.ok) return
    const { results: photos } = await response.json()
    results.replaceChildren(
      ...photos.map((photo) => {
        const button = crel("button", { type: "button", className: "desk-photo-choice", role: "option", "aria-selected": "false", title: photo.alt }, [
          crel("img", { src: photo.thumbnail, alt: photo.alt }),
        ])
        button.addEventListener("click", () => choose(photo, button))
        return button
      }),
    )
    if (!photos.length) results.append(crel("p", { textContent: gettext("No photo in the library matches.") }))
  }
  let pending
  search.addEventListener("input", () => {
    clearTimeout(pending)
    pending = setTimeout(load, 200)
  })
  file.addEventListener("change", () => {
    if (file.files.length) chosen = null
  })

  const upload = async () => {
    const data = new FormData()
    data.append("image", file.files[0])
    data.append("alt_text", alt.value.trim())
    data.append("caption", caption.value.trim())
    data.append("credit", credit.value.trim())
    const response = await fetch(options.uploadUrl, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken() },
    })
    const answer = await response.json().catch(() => ({}))
    if (!response.ok) {
      const messages = Object.values(answer.errors || {}).flat()
      return { problem: messages.join(" ") || gettext("The photo could not be uploaded.") }
    }
    return { photo: answer }
  }

  openDialog(
    editing ? gettext("Edit the photo") : gettext("Insert a photo"),
    [
      field(gettext("Find a photo in the library"), search),
      results,
      field(gettext("…or upload a new one"), file, gettext("JPEG, PNG, WebP or GIF. It joins the photo library.")),
      field(gettext("Alt text"), alt, gettext("Describes the image for readers who cannot see it.")),
      field(gettext("Caption"), caption),
      field(gettext("Credit"), credit),
    ],
    editing ? gettext("Update") : gettext("Insert"),
    async () => {
      if (!alt.value.trim()) return gettext("Describe the image in the alt text.")
      if (file.files.length) {
        const { photo, problem } = await upload()
        if (problem) return problem
        chosen = photo
      }
      if (!chosen) return gettext("Choose a photo from the library or upload one.")
      const attrs = {
        photoId: String(chosen.id),
        src: chosen.src,
        alt: alt.value.trim(),
        caption: caption.value.trim(),
        credit: credit.value.trim(),
      }
      if (editing) editor.chain().focus().updateAttributes("bodyPhoto", attrs).run()
      else insertBlock(editor, { type: "bodyPhoto", attrs })
      return null
    },
  )
  load()
  search.focus()
}

function embedDialog(editor, options) {
  const url = crel("input", { type: "url", required: true, placeholder: "https://" })
  openDialog(
    gettext("Embed a video or post"),
    [
      field(
        gettext("Address of the video or post"),
        url,
        gettext("YouTube, Vimeo, X, Instagram, Bluesky or Mastodon. Readers see it only after they click: nothing loads from these sites before."),
      ),
    ],
    gettext("Embed"),
    async () => {
      const address = url.value.trim()
      const response = await fetch(`${options.checkUrl}?url=${encodeURIComponent(address)}`, { credentials: "same-origin" })
      const answer = await response.json().catch(() => ({}))
      if (!response.ok || !answer.provider) return answer.error || gettext("This address cannot be embedded.")
      insertBlock(editor, { type: "bodyEmbed", attrs: { provider: answer.provider, url: address } })
      return null
    },
  )
  url.focus()
}

export const BodyPhoto = Node.create({
  name: "bodyPhoto",
  group: "block",
  atom: true,
  draggable: true,
  selectable: true,

  addOptions() {
    return { searchUrl: "", uploadUrl: "" }
  },

  addAttributes() {
    return {
      photoId: { default: null },
      src: { default: "" },
      alt: { default: "" },
      caption: { default: "" },
      credit: { default: "" },
    }
  },

  parseHTML() {
    return [
      {
        tag: "figure.photo[data-photo-id]",
        priority: 60,
        getAttrs: (element) => {
          const image = element.querySelector("img")
          const figcaption = element.querySelector("figcaption")
          const credit = figcaption?.querySelector(".credit")
          const captionOnly = figcaption?.cloneNode(true)
          captionOnly?.querySelector(".credit")?.remove()
          return {
            photoId: element.dataset.photoId,
            src: image?.getAttribute("src") || "",
            alt: image?.getAttribute("alt") || "",
            caption: captionOnly?.textContent.trim() || "",
            credit: credit?.textContent.trim() || "",
          }
        },
      },
    ]
  },

  renderHTML({ node }) {
    const { photoId, src, alt, caption, credit } = node.attrs
    const parts = []
    if (caption) parts.push(credit ? `${caption} ` : caption)
    if (credit) parts.push(["span", { class: "credit" }, credit])
    return [
      "figure",
      { class: "photo", "data-photo-id": photoId },
      ["img", { src, alt }],
      ...(parts.length ? [["figcaption", {}, ...parts]] : []),
    ]
  },

  addCommands() {
    return {
      insertBodyPhoto: () => ({ editor }) => {
        photoDialog(editor, this.options)
        return true
      },
    }
  },

  addMenuItems({ buttons, menu }) {
    menu.defineItem({
      name: "bodyPhoto",
      groups: "nodes",
      button: buttons.material("add_photo_alternate", gettext("Insert or edit a photo")),
      command: (editor) => photoDialog(editor, this.options),
      active: (editor) => editor.isActive("bodyPhoto"),
    })
  },
})

export const BodyEmbed = Node.create({
  name: "bodyEmbed",
  group: "block",
  atom: true,
  draggable: true,
  selectable: true,

  addOptions() {
    return { checkUrl: "" }
  },

  addAttributes() {
    return { provider: { default: "" }, url: { default: "" } }
  },

  parseHTML() {
    return [
      {
        tag: "figure.embed[data-provider]",
        priority: 60,
        getAttrs: (element) => ({
          provider: element.dataset.provider,
          url: element.querySelector("a")?.getAttribute("href") || "",
        }),
      },
    ]
  },

  renderHTML({ node }) {
    const { provider, url } = node.attrs
    return ["figure", { class: "embed", "data-provider": provider }, ["a", { href: url }, url]]
  },

  addMenuItems({ buttons, menu }) {
    menu.defineItem({
      name: "bodyEmbed",
      groups: "nodes",
      button: buttons.material("smart_display", gettext("Embed a video or post")),
      command: (editor) => embedDialog(editor, this.options),
    })
  },
})

export const PullQuote = Node.create({
  name: "pullQuote",
  group: "block",
  content: "paragraph+",
  defining: true,

  parseHTML() {
    return [{ tag: "blockquote.pullquote", priority: 60 }]
  },

  renderHTML() {
    return ["blockquote", { class: "pullquote" }, 0]
  },

  addCommands() {
    return {
      togglePullQuote: () => ({ commands }) => commands.toggleWrap(this.name),
    }
  },

  addMenuItems({ buttons, menu }) {
    menu.defineItem({
      name: "pullQuote",
      groups: "nodes",
      button: buttons.material("text_increase", gettext("Pull quote")),
      command: (editor) => editor.chain().focus().togglePullQuote().run(),
      active: (editor) => editor.isActive("pullQuote"),
      enabled: (editor) => editor.can().togglePullQuote(),
    })
  },
})
