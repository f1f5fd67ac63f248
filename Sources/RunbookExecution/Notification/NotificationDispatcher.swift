import Foundation
import RunbookDocument
import RunbookRecords

#if canImport(Glibc)
import Glibc
#endif

/// Delivers run events to `notify:` targets in the background: a delivery never blocks the
/// run nor fails it, is tried a bounded number of times within a bounded time, and its outcome
/// comes back as a `notified` payload for the runner to record. At the end the runner waits
/// for what is still going (bounded), and what is still going then is stopped, helpers killed,
/// and recorded as not delivered.
public final class NotificationDispatcher: @unchecked Sendable {
    /// How long and how often one delivery may try.
    public struct Policy: Sendable {
        /// The whole delivery, every try and pause included: under the 5 seconds the end of a
        /// run waits, so that a delivery started by the run's last event ends on its own.
        public var deliveryTimeout: Double = 4.5
        /// One try at most.
        public var attemptTimeout: Double = 2
        public var maximumAttempts = 3
        /// Before the second try; doubled before each later one.
        public var firstBackoff: Double = 0.2

        public init() {}
    }

    private struct Pending {
        var trigger: String
        var target: String
        var about: Int
        var started: Date
        var attempts: Int
        var lastDetail: String
        var processGroup: pid_t?
    }

    public let targets: [NotificationTarget]
    let redactor: Redactor
    let policy: Policy
    let environment: [String: String]
    private let poster: WebhookPoster
    private let lock = NSLock()
    private let group = DispatchGroup()
    private var finished: [NotifiedPayload] = []
    private var pending: [Int: Pending] = [:]
    private var nextID = 0

    public init(
        targets: [NotificationTarget], redactor: Redactor, environment: [String: String], policy: Policy = Policy()
    ) {
        self.targets = targets
        self.redactor = redactor
        self.environment = environment
        self.policy = policy
        poster = WebhookPoster(environment: environment)
    }

    /// Starts a delivery of `message` to every target that asks for its trigger.
    public func notify(_ message: NotificationMessage) {
        var message = message
        message.title = redactor.redact(message.title)
        message.detail = redactor.redact(message.detail)
        message.stepID = message.stepID.map(redactor.redact)
        for target in targets where target.wants(message.trigger) {
            let id: Int = lock.withLock {
                nextID += 1
                pending[nextID] = Pending(
                    trigger: message.trigger.rawValue, target: describe(target), about: message.sequence,
                    started: Date(), attempts: 0, lastDetail: "not started", processGroup: nil)
                return nextID
            }
            group.enter()
            let delivery = message
            DispatchQueue.global().async {
                self.deliver(delivery, to: target, id: id)
                self.group.leave()
            }
        }
    }

    /// The outcomes of deliveries that ended since the last call.
    public func takeFinished() -> [NotifiedPayload] {
        lock.withLock {
            let done = finished
            finished = []
            return done
        }
    }

    /// Waits up to `seconds` for deliveries still going, then stops the rest (their helpers'
    /// process groups killed) and returns every outcome not taken yet, those included.
    public func finish(waitingAtMost seconds: Double) -> [NotifiedPayload] {
        _ = group.wait(timeout: .now() + seconds)
        return lock.withLock {
            for (_, delivery) in pending.sorted(by: { $0.key < $1.key }) {
                if let processGroup = delivery.processGroup { kill(-processGroup, SIGKILL) }
                finished.append(
                    NotifiedPayload(
                        trigger: delivery.trigger, target: delivery.target, delivered: false,
                        attempts: delivery.attempts,
                        detail: "still going when runbook had to exit (\(delivery.lastDetail)); stopped",
                        durationSeconds: Date().timeIntervalSince(delivery.started), about: delivery.about))
            }
            pending = [:]
            let done = finished
            finished = []
            return done
        }
    }

    /// What the record says the target is: a webhook's scheme and host only (its path and
    /// query often hold a token), a command's text redacted and cut short.
    func describe(_ target: NotificationTarget) -> String {
        switch target.action {
        case .command(let command):
            let text = redactor.redact(command).replacingOccurrences(of: "\n", with: " ")
            return "command " + (text.count > 80 ? String(text.prefix(79)) + "…" : text)
        case .webhook(let url, let format):
            let components = URLComponents(string: url)
            let origin =
                "\(components?.scheme ?? "?")://\(components?.host ?? "?")" + (components?.port.map { ":\($0)" } ?? "")
            return "\(format.name) webhook \(redactor.redact(origin))"
        }
    }

    // MARK: Delivering

    private struct Try {
        var delivered: Bool
        var detail: String
        var isRetryable: Bool
    }

    private func deliver(_ message: NotificationMessage, to target: NotificationTarget, id: Int) {
        let started = Date()
        let deadline = started.addingTimeInterval(policy.deliveryTimeout)
        var attempts = 0
        var last = Try(delivered: false, detail: "not tried", isRetryable: false)
        var backoff = policy.firstBackoff
        while attempts < policy.maximumAttempts, deadline.timeIntervalSinceNow > 0, !isAbandoned(id) {
            attempts += 1
            let attemptDeadline = min(deadline, Date().addingTimeInterval(policy.attemptTimeout))
            last = attempt(message, target, deadline: attemptDeadline, id: id)
            update(id) {
                $0.attempts = attempts
                $0.lastDetail = last.detail
            }
            if last.delivered || !last.isRetryable || attempts == policy.maximumAttempts { break }
            let pause = min(backoff, deadline.timeIntervalSinceNow)
            if pause > 0 { usleep(UInt32(pause * 1_000_000)) }
            backoff *= 2
        }
        let outcome = NotifiedPayload(
            trigger: message.trigger.rawValue, target: describe(target), delivered: last.delivered,
            attempts: attempts, detail: redactor.redact(last.detail),
            durationSeconds: Date().timeIntervalSince(started), about: message.sequence)
        lock.withLock {
            // Gone from `pending` when `finish` gave up on it and recorded it already.
            guard pending.removeValue(forKey: id) != nil else { return }
            finished.append(outcome)
        }
    }

    private func attempt(_ message: NotificationMessage, _ target: NotificationTarget, deadline: Date, id: Int) -> Try {
        let register: (pid_t?) -> Void = { group in
            // A helper started after `finish` gave up on this delivery goes at once.
            if self.isAbandoned(id), let group { kill(-group, SIGKILL) }
            self.update(id) { $0.processGroup = group }
        }
        switch target.action {
        case .command(let command):
            var environment = self.environment
            environment["RUNBOOK_RUN_ID"] = message.runID
            environment["RUNBOOK_RUNBOOK"] = message.runbookID
            environment["RUNBOOK_STATUS"] = message.status
            environment["RUNBOOK_EVENT"] = message.trigger.rawValue
            let result = NotificationProcess.run(
                "/bin/sh", ["-c", command], environment: environment, input: redacted(message.json),
                deadline: deadline, register: register)
            switch result.ending {
            case .exited(0): return Try(delivered: true, detail: "exit 0", isRetryable: false)
            case .exited(let code):
                let said = result.stderr.split(separator: "\n").last.map { ": " + $0 } ?? ""
                return Try(delivered: false, detail: "exit \(code)\(said)", isRetryable: true)
            case .signaled(let signal):
                return Try(delivered: false, detail: "ended by signal \(signal)", isRetryable: true)
            case .timedOut:
                return Try(
                    delivered: false, detail: "timed out after \(Self.seconds(policy.attemptTimeout))",
                    isRetryable: true)
            case .notStarted(let reason): return Try(delivered: false, detail: reason, isRetryable: false)
            }
        case .webhook(let url, let format):
            let request = message.webhookRequest(format, url: url)
            let answer = poster.post(
                redacted(request.body), to: request.url, contentType: request.contentType, deadline: deadline,
                register: register)
            return Try(delivered: answer.isSuccess, detail: answer.detail, isRetryable: answer.isRetryable)
        }
    }

    /// The body as sent: a secret never leaves, whatever part of the event carried it.
    private func redacted(_ body: [UInt8]) -> [UInt8] {
        Array(redactor.redact(String(decoding: body, as: UTF8.self)).utf8)
    }

    private func isAbandoned(_ id: Int) -> Bool { lock.withLock { pending[id] == nil } }

    private func update(_ id: Int, _ change: (inout Pending) -> Void) {
        lock.withLock {
            guard var delivery = pending[id] else { return }
            change(&delivery)
            pending[id] = delivery
        }
    }

    private static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }
}
