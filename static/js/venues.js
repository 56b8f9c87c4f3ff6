// Venue form: show only the chosen district's sub-districts (the server checks too).
document.addEventListener("DOMContentLoaded", () => {
  const district = document.getElementById("district_code");
  const sub = document.getElementById("subdistrict_code");
  if (!district || !sub) return;
  const sync = () => {
    const code = district.value;
    for (const option of sub.querySelectorAll("option")) {
      const matches = !option.value || !code || option.value.startsWith(code);
      option.hidden = !matches;
      option.disabled = !matches;
    }
    for (const group of sub.querySelectorAll("optgroup")) {
      group.hidden = ![...group.querySelectorAll("option")].some((o) => !o.hidden);
    }
    if (sub.selectedOptions.length && sub.selectedOptions[0].disabled) sub.value = "";
  };
  district.addEventListener("change", sync);
  sync();
});
