import ParleyCore

/// How a synthetic borrower repays; the raw values are the keys of `SyntheticBook.Summary.byBehaviour`.
public enum RepaymentBehaviour: String, CaseIterable, Sendable {
    case onTime = "on_time", late, partial, stopped, advance, neverPaid = "never_paid"

    /// The target share of loans, in percent.
    public var share: Int {
        switch self {
        case .onTime: return 55
        case .late: return 15
        case .partial: return 8
        case .stopped: return 10
        case .advance: return 5
        case .neverPaid: return 7
        }
    }

    static func draw(_ random: inout SeededRandom) -> RepaymentBehaviour {
        allCases[random.weightedIndex(allCases.map(\.share))]
    }

    /// One payment: date and amount in minor units.
    struct Payment: Equatable {
        let paidOn: CivilDate
        let amount: Int64
    }

    /// The payments of a loan following this behaviour, in date order, none after `asOf`.
    /// Amounts come from the real schedule, so an on-time payment clears its instalment exactly.
    func payments(for instalments: [Instalment], asOf: CivilDate, lumpUnit: Int64,
                  using random: inout SeededRandom) -> [Payment] {
        var planned: [Payment] = []
        let dueCount = instalments.prefix { $0.dueOn <= asOf }.count

        func onTime(_ instalment: Instalment, _ random: inout SeededRandom) -> Payment {
            let early = random.percent(70) ? 0 : random.int(in: 1...2)
            return Payment(paidOn: instalment.dueOn.adding(days: -early), amount: instalment.amount)
        }

        switch self {
        case .onTime:
            for instalment in instalments {
                let payment = onTime(instalment, &random)
                if payment.paidOn > asOf { break }
                planned.append(payment)
            }
        case .late:
            var k = 0
            while k < dueCount {
                if k + 1 < dueCount, random.percent(20) {
                    // Two instalments caught up in one payment.
                    let date = instalments[k + 1].dueOn.adding(days: random.int(in: 5...40))
                    planned.append(Payment(paidOn: date, amount: instalments[k].amount + instalments[k + 1].amount))
                    k += 2
                } else {
                    planned.append(Payment(paidOn: instalments[k].dueOn.adding(days: random.int(in: 5...40)),
                                           amount: instalments[k].amount))
                    k += 1
                }
            }
        case .partial:
            for instalment in instalments.prefix(dueCount) {
                var amount = instalment.amount
                if random.percent(45) { amount = max(1, amount * Int64(random.int(in: 40...90)) / 100) }
                planned.append(Payment(paidOn: instalment.dueOn.adding(days: random.int(in: 0...3)), amount: amount))
            }
        case .stopped:
            let paid = dueCount >= 2 ? random.int(in: 1...(dueCount - 1)) : 0
            for instalment in instalments.prefix(paid) { planned.append(onTime(instalment, &random)) }
        case .advance:
            let start = random.int(in: 0...max(0, dueCount - 1))
            let lump = random.percent(40)
            let size = min(lump ? random.int(in: 4...6) : random.int(in: 2...3), instalments.count - start)
            var k = 0
            while k < instalments.count {
                if k == start {
                    var amount = instalments[k..<(k + size)].reduce(0) { $0 + $1.amount }
                    if lump { amount = (amount + lumpUnit - 1) / lumpUnit * lumpUnit }
                    planned.append(Payment(paidOn: instalments[k].dueOn.adding(days: -random.int(in: 0...10)), amount: amount))
                    k += size
                } else {
                    planned.append(onTime(instalments[k], &random))
                    k += 1
                }
            }
        case .neverPaid:
            break
        }
        // Stable: a plan's order breaks ties between payments on the same day.
        let ordered = planned.enumerated().sorted { ($0.element.paidOn, $0.offset) < ($1.element.paidOn, $1.offset) }
        return ordered.map(\.element).filter { $0.paidOn <= asOf }
    }
}
