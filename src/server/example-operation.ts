/** The query the IDE opens with: a household profile from all four departments. */
export const PROFILE_EXAMPLE = `# 一户一档: one household through the eyes of every department.
# Press the run button (or Ctrl+Enter).
query HouseholdProfile {
  household(householdNo: "520524100001") {
    householdNo
    povertyType
    status
    region { fullName }
    head { name idNumber sex birthDate }
    members { name relation idNumber }
    subsidyTotals { department { code name } year amount count }
    subsidies { department { code name } program { code name category categoryDetail { name } } amount startDate endDate year sourceRecordId }
    documents { type { code name } uniformCode documentDate familySize }
    statusHistory { fromStatus toStatus effectiveOn actor reason }
  }
}
`;
