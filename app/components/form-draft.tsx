import { useBlocker } from '@remix-run/react'
import { useCallback, useEffect, useRef, useState, type RefObject } from 'react'

/**
 * Never lose what someone typed (issue 9): a staff form keeps a draft of its fields on this device
 * while the person types, restores it after a reload or a lapsed session, marks itself busy so the
 * session is kept alive (SessionKeeper), and warns before the page is left with unsaved input.
 *
 * The draft remembers the record version it started from (a version number or the record's last
 * update time). When the page shows a different version:
 * if this device sent that save, the draft is done and removed; if someone else saved, the draft
 * is kept and the page says so (the save itself will then meet the version check).
 */
type Version = string | number | null
type Draft = { values: [string, string][]; savedAt: number; baseVersion: Version; submittedAt?: number }

const PREFIX = 'draft:'

function readDraft(key: string): Draft | null {
  try {
    const raw = localStorage.getItem(PREFIX + key)
    return raw ? (JSON.parse(raw) as Draft) : null
  } catch {
    return null
  }
}

function writeDraft(key: string, draft: Draft) {
  try {
    localStorage.setItem(PREFIX + key, JSON.stringify(draft))
  } catch {
    /* storage full or unavailable: the form still works, only the draft is not kept */
  }
}

export function clearDraft(key: string) {
  try {
    localStorage.removeItem(PREFIX + key)
  } catch {
    /* ignore */
  }
}

/** Drafts hold participant data: removed from this device when the person signs out. */
export function clearAllDrafts() {
  try {
    for (const k of Object.keys(localStorage)) if (k.startsWith(PREFIX)) localStorage.removeItem(k)
  } catch {
    /* ignore */
  }
}

function valuesOf(form: HTMLFormElement): [string, string][] {
  const out: [string, string][] = []
  for (const [name, value] of new FormData(form)) if (typeof value === 'string') out.push([name, value])
  return out
}

/**
 * Puts a draft's values into the form's fields. `only` limits it to the fields the values name
 * (values for fields that appeared later); otherwise every field takes the draft's value or none.
 * Returns the values whose field is not on the page (yet): a part of the form shown on request.
 */
function apply(form: HTMLFormElement, values: [string, string][], { only = false } = {}) {
  const byName = new Map<string, string[]>()
  for (const [n, v] of values) byName.set(n, [...(byName.get(n) ?? []), v])
  const placed = new Set<string>()
  for (const el of Array.from(form.elements)) {
    if (!(el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement))
      continue
    if (!el.name || el.type === 'submit') continue
    placed.add(el.name)
    // hidden fields come from the page, except the version the draft began from (ADR 013)
    if (el.type === 'hidden' && el.name !== 'version') continue
    if ((el.type === 'hidden' || only) && !byName.has(el.name)) continue
    const wanted = byName.get(el.name) ?? []
    if (el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio')) {
      el.checked = wanted.includes(el.value)
    } else {
      el.value = wanted[0] ?? ''
    }
  }
  return values.filter(([name]) => !placed.has(name))
}

export type DraftState = {
  restoredAt: number | null
  changedElsewhere: boolean
  dirty: boolean
  /** restored values whose fields are not on the page yet (a part shown on request): kept, and
   * filled in as soon as those fields appear */
  waiting: readonly [string, string][]
  discard: () => void
}

export function useFormDraft(
  formRef: RefObject<HTMLFormElement | null>,
  key: string,
  { version = null }: { version?: Version } = {},
): DraftState {
  const [restoredAt, setRestoredAt] = useState<number | null>(null)
  const [changedElsewhere, setChangedElsewhere] = useState(false)
  const [dirty, setDirty] = useState(false)
  const [waiting, setWaiting] = useState<[string, string][]>([])
  const waitingRef = useRef(waiting)
  waitingRef.current = waiting
  const baseVersion = useRef<Version>(version)

  const markDirty = useCallback(
    (value: boolean) => {
      setDirty(value)
      if (formRef.current) formRef.current.dataset.unsaved = value ? 'true' : 'false'
    },
    [formRef],
  )

  // Restore on arrival, or finish a draft whose save went through.
  useEffect(() => {
    const form = formRef.current
    if (!form) return
    const draft = readDraft(key)
    baseVersion.current = version
    if (!draft) return
    // the record changed since the draft began (saved from here, or by someone else)
    const newer = version !== draft.baseVersion
    if (newer && draft.submittedAt) {
      clearDraft(key)
      markDirty(false)
      return
    }
    setWaiting(apply(form, draft.values))
    baseVersion.current = draft.baseVersion
    setRestoredAt(draft.savedAt)
    setChangedElsewhere(newer)
    markDirty(true)
  }, [formRef, key, version, markDirty])

  // Values waiting for their fields: the page shows the part that holds them when `waiting` names
  // it (in the render this state causes), and they are filled in once it is there.
  useEffect(() => {
    const form = formRef.current
    if (!form || !waiting.length) return
    const left = apply(form, waiting, { only: true })
    if (left.length < waiting.length) setWaiting(left)
  }, [formRef, waiting])

  useEffect(() => {
    const form = formRef.current
    if (!form) return
    // what the form holds, and what is still waiting for its fields (never dropped by a save)
    const current = () => {
      const values = valuesOf(form)
      const names = new Set(values.map(([name]) => name))
      return [...values, ...waitingRef.current.filter(([name]) => !names.has(name))]
    }
    const save = () => {
      writeDraft(key, { values: current(), savedAt: Date.now(), baseVersion: baseVersion.current })
      markDirty(true)
    }
    const submitted = () => {
      const draft = readDraft(key)
      if (draft) writeDraft(key, { ...draft, values: current(), submittedAt: Date.now() })
    }
    form.addEventListener('input', save)
    form.addEventListener('change', save)
    form.addEventListener('submit', submitted)
    return () => {
      form.removeEventListener('input', save)
      form.removeEventListener('change', save)
      form.removeEventListener('submit', submitted)
    }
  }, [formRef, key, markDirty])

  // Leaving with unsaved input: the browser's own prompt on unload, ours on in-app navigation.
  useEffect(() => {
    if (!dirty) return
    const onUnload = (e: BeforeUnloadEvent) => {
      e.preventDefault()
      e.returnValue = ''
    }
    window.addEventListener('beforeunload', onUnload)
    return () => window.removeEventListener('beforeunload', onUnload)
  }, [dirty])
  const blocker = useBlocker(
    ({ currentLocation, nextLocation, historyAction }) =>
      dirty && historyAction !== 'REPLACE' && currentLocation.pathname !== nextLocation.pathname,
  )
  useEffect(() => {
    if (blocker.state !== 'blocked') return
    if (window.confirm('You have unsaved changes on this page. They are kept on this device. Leave anyway?'))
      blocker.proceed()
    else blocker.reset()
  }, [blocker])

  const discard = useCallback(() => {
    clearDraft(key)
    markDirty(false)
    setRestoredAt(null)
    setChangedElsewhere(false)
    setWaiting([])
    formRef.current?.reset()
  }, [key, formRef, markDirty])

  return { restoredAt, changedElsewhere, dirty, waiting, discard }
}

/** Says that a draft was brought back, and offers to throw it away. */
export function DraftNotice({ draft }: { draft: DraftState }) {
  if (!draft.restoredAt) return null
  const at = new Date(draft.restoredAt).toLocaleTimeString([], { hour: 'numeric', minute: '2-digit' })
  return (
    <div role="status" className="mb-4 rounded-md border border-amber-500 bg-amber-50 p-3">
      <p className="font-semibold">We brought back what you typed at {at}. It is not saved yet.</p>
      {draft.changedElsewhere ? (
        <p className="mt-1">
          Someone has saved this record since you started. When you save, you will see both versions and can choose.
        </p>
      ) : null}
      <button type="button" className="btn-secondary mt-2" onClick={draft.discard}>
        Discard what I typed
      </button>
    </div>
  )
}
