/** The crisis box every guide, lesson and the support page shows. */
export function CrisisNote() {
  return (
    <aside className="my-4 rounded-md border-2 border-red-700 bg-red-50 p-3 text-slate-900" aria-label="Crisis support">
      <p className="font-semibold">If you are in crisis or thinking about suicide</p>
      <p>
        Call or text <a href="tel:988">988</a> (Suicide &amp; Crisis Lifeline), any time, day or night. In an emergency,
        call <a href="tel:911">911</a>.
      </p>
    </aside>
  )
}
