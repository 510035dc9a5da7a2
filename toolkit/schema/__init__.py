"""The schema: every table the toolkit stores. Alembic migrations in
toolkit/migrations are the only place it changes; tests check the two agree."""

from toolkit.db import Base
from toolkit.schema.accounts import (
    Invitation,
    PasswordReset,
    RecoveryCode,
    SignInSettings,
    StaffSession,
    Team,
    TeamMember,
)
from toolkit.schema.audit import AuditEvent
from toolkit.schema.charts import ChartFile
from toolkit.schema.engagements import (
    ActivityComment,
    CalendarPeriod,
    ChecklistAdoption,
    ChecklistTick,
    ChecklistUpload,
    CodebookCode,
    CodedComment,
    CodingDecision,
    CommentRedaction,
    DoubleCodingSample,
    Engagement,
    EngagementActivity,
    EvidenceFile,
)
from toolkit.schema.equality import EqualityPublished, EqualityResponse, SurveyPopulation
from toolkit.schema.images import SurveyImage
from toolkit.schema.jobs import Job
from toolkit.schema.outbox import OutboxMessage
from toolkit.schema.panel import (
    Panel,
    PanelConsentEvent,
    PanelContact,
    PanelMember,
    PanelProfile,
    PanelRecruitmentChannel,
)
from toolkit.schema.panel_invitations import PanelInvitation, PanelInvitationBatch
from toolkit.schema.paper import PaperCopy, PaperEntry, PaperSettings, PaperSettlement
from toolkit.schema.reports import (
    Commitment,
    CommitmentUpdate,
    FeedbackPublication,
    InsightEntry,
    InsightState,
    OutcomeSubscription,
    ReportNarrative,
    ReportVersion,
)
from toolkit.schema.staff import StaffUser
from toolkit.schema.surveys import AnswerDraft, Channel, Response, Survey, SurveyOldSlug, SurveyVersion
from toolkit.schema.tallies import EqualityTally, ResponseTally
from toolkit.schema.workshops import (
    Ballot,
    VoteOption,
    VoteRound,
    WorkshopAction,
    WorkshopAttendance,
    WorkshopEqualityResponse,
    WorkshopExpense,
    WorkshopNote,
    WorkshopSession,
    WorkshopTable,
    WorkshopTheme,
    WorkshopTopic,
)

metadata = Base.metadata

__all__ = [
    "ActivityComment",
    "AnswerDraft",
    "AuditEvent",
    "Ballot",
    "CalendarPeriod",
    "Channel",
    "ChartFile",
    "ChecklistAdoption",
    "ChecklistTick",
    "ChecklistUpload",
    "CodebookCode",
    "CodedComment",
    "CodingDecision",
    "CommentRedaction",
    "Commitment",
    "CommitmentUpdate",
    "DoubleCodingSample",
    "Engagement",
    "EngagementActivity",
    "EqualityPublished",
    "EqualityResponse",
    "EqualityTally",
    "EvidenceFile",
    "FeedbackPublication",
    "InsightEntry",
    "InsightState",
    "Invitation",
    "Job",
    "OutboxMessage",
    "OutcomeSubscription",
    "Panel",
    "PanelConsentEvent",
    "PanelContact",
    "PanelInvitation",
    "PanelInvitationBatch",
    "PanelMember",
    "PanelProfile",
    "PanelRecruitmentChannel",
    "PaperCopy",
    "PaperEntry",
    "PaperSettings",
    "PaperSettlement",
    "PasswordReset",
    "RecoveryCode",
    "ReportNarrative",
    "ReportVersion",
    "Response",
    "ResponseTally",
    "SignInSettings",
    "StaffSession",
    "StaffUser",
    "Survey",
    "SurveyImage",
    "SurveyOldSlug",
    "SurveyPopulation",
    "SurveyVersion",
    "Team",
    "TeamMember",
    "VoteOption",
    "VoteRound",
    "WorkshopAction",
    "WorkshopAttendance",
    "WorkshopEqualityResponse",
    "WorkshopExpense",
    "WorkshopNote",
    "WorkshopSession",
    "WorkshopTable",
    "WorkshopTheme",
    "WorkshopTopic",
    "metadata",
]
